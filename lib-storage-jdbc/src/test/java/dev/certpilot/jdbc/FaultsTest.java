package dev.certpilot.jdbc;

import static dev.certpilot.spi.StoreFixtures.T0;
import static dev.certpilot.spi.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.testdb.FaultyDataSource.Fault;
import dev.certpilot.jdbc.testdb.FaultyDataSource;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.StoreFixtures;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections that fail or die at every single statement of a commit: the caller gets a typed {@code STORE_ERROR},
 * nothing is half-written, and the connection goes back to its pool.
 */
abstract class FaultsTest {

    private static final int MAX_CALLS = 40;

    private HikariDataSource pool;
    private FaultyDataSource faulty;
    private CertificateStore store;
    private CertificateStore clean;

    /** The database under test. */
    abstract TestDatabase database();

    @BeforeEach
    void setUp() {
        String prefix = Prefixes.fresh("fault");
        clean = database().store(database().primary(), prefix);
        pool = database().newPool("faulty", 3);
        faulty = new FaultyDataSource(pool, database()::kill);
        store = database().store(faulty, prefix);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFailedInsertLeavesNothing(Fault fault) {
        int failedCalls = failEveryCallOnce(fault, n -> {
            CertificateRecord cert = StoreFixtures.full("insert" + n + ".example");
            JobRecord job = StoreFixtures.fullJob(cert.id());
            return new Attempt(Commit.builder().certificate(cert.toBuilder().activeJobId(job.id()).build()).job(job)
                    .event(event(cert.id(), EventType.CERT_REQUESTED, T0))
                    .event(event(cert.id(), EventType.ORDER_CREATED, T0)).build(), () -> {
                        assertThat(clean.findCertificate(cert.id())).isEmpty();
                        assertThat(clean.findJob(job.id())).isEmpty();
                        assertThat(clean.timeline(cert.id())).isEmpty();
                        assertThat(ids(CertificateFilter.builder().name(cert.names().get(0)).build())).isEmpty();
                    }, () -> {
                        assertThat(clean.findCertificate(cert.id())).isPresent();
                        assertThat(clean.timeline(cert.id())).hasSize(2);
                    });
        });
        assertThat(failedCalls).as("a commit takes several calls, each failed once").isGreaterThan(4);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFailedUpdateChangesNothing(Fault fault) {
        CertificateRecord base = clean.commit(Commit.builder().certificate(StoreFixtures.full("before.example")
                .toBuilder().labels(Map.of("phase", "before")).build()).build()).storedCertificate();
        JobRecord baseJob = clean.commit(Commit.builder().job(StoreFixtures.job(base.id(), T0)).build()).storedJob();
        Commit update = Commit.builder()
                .certificate(base.toBuilder().names(List.of("after.example")).labels(Map.of("phase", "after")).build())
                .job(baseJob.toBuilder().step("AFTER").build())
                .event(event(base.id(), EventType.CERT_RENEWED, T0)).build();
        failEveryCallOnce(fault, n -> new Attempt(update, () -> {
            assertThat(clean.findCertificate(base.id())).contains(base);
            assertThat(clean.findJob(baseJob.id())).contains(baseJob);
            assertThat(clean.timeline(base.id())).isEmpty();
            assertThat(ids(CertificateFilter.builder().name("before.example").label("phase", "before").build()))
                    .containsExactly(base.id());
            assertThat(ids(CertificateFilter.builder().name("after.example").build())).isEmpty();
        }, () -> {
            assertThat(ids(CertificateFilter.builder().name("after.example").label("phase", "after").build()))
                    .containsExactly(base.id());
            assertThat(clean.findJob(baseJob.id()).orElseThrow().step()).isEqualTo("AFTER");
        }));
    }

    /** A commit, what must hold after it failed, and what must hold after it succeeded. */
    private record Attempt(Commit commit, Runnable nothingWritten, Runnable allWritten) {
    }

    /**
     * Runs attempt 1 with its first call failing, attempt 2 with its second, ... until an attempt gets through
     * because it made fewer calls than the one armed to fail. Returns how many attempts failed.
     */
    private int failEveryCallOnce(Fault fault, IntFunction<Attempt> attempts) {
        for (int n = 1; n <= MAX_CALLS; n++) {
            Attempt attempt = attempts.apply(n);
            faulty.failAt(n, fault);
            try {
                store.commit(attempt.commit());
            } catch (CertpilotException e) {
                assertThat(e.code()).as("call " + n).isEqualTo(ErrorCode.STORE_ERROR);
                assertThat(e.getMessage()).as("call " + n).startsWith("commit of certificate ");
                attempt.nothingWritten().run();
                assertThat(faulty.openConnections()).as("connections still out after call " + n).isZero();
                discardKilledConnections(fault);
                continue;
            } finally {
                faulty.heal();
            }
            assertThat(faulty.fired()).as("the commit succeeded, so no call failed").isFalse();
            attempt.allWritten().run();
            return n - 1;
        }
        return fail("the commit never succeeded within " + MAX_CALLS + " calls");
    }

    /**
     * HikariCP discards a connection whose driver reported a connection failure (SQL state 08...), as PostgreSQL's
     * and MariaDB's drivers do once their session was killed; H2's closed connection says 90007 instead, so for H2
     * the test tells the pool, as a pool configured for H2 would find out on its next validation.
     */
    private void discardKilledConnections(Fault fault) {
        if (fault == Fault.KILL && database().dialect() == Dialect.H2) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private List<String> ids(CertificateFilter filter) {
        return clean.listCertificates(filter, PageRequest.first(10)).items().stream().map(CertificateRecord::id)
                .toList();
    }
}
