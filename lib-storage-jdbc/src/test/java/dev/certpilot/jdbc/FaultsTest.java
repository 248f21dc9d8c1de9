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
import dev.certpilot.jdbc.testdb.FaultyDataSource;
import dev.certpilot.jdbc.testdb.FaultyDataSource.Fault;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.StoreFixtures;
import java.util.List;
import java.util.Map;
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
        int failedCalls = 0;
        for (int n = 1; n <= MAX_CALLS; n++) {
            CertificateRecord cert = StoreFixtures.full("insert" + n + ".example");
            JobRecord job = StoreFixtures.fullJob(cert.id());
            Commit commit = Commit.builder().certificate(cert.toBuilder().activeJobId(job.id()).build()).job(job)
                    .event(event(cert.id(), EventType.CERT_REQUESTED, T0))
                    .event(event(cert.id(), EventType.ORDER_CREATED, T0)).build();
            faulty.failAt(n, fault);
            try {
                store.commit(commit);
            } catch (CertpilotException e) {
                assertThat(e.code()).as("call " + n).isEqualTo(ErrorCode.STORE_ERROR);
                assertThat(e.getMessage()).contains("commit of certificate " + cert.id());
                assertThat(clean.findCertificate(cert.id())).as("certificate after failing call " + n).isEmpty();
                assertThat(clean.findJob(job.id())).as("job after failing call " + n).isEmpty();
                assertThat(clean.timeline(cert.id())).as("events after failing call " + n).isEmpty();
                assertThat(clean.countCertificates(CertificateFilter.builder().name(cert.names().get(0)).build()))
                        .isZero();
                assertThat(faulty.openConnections()).isZero();
                discardKilledConnections(fault);
                failedCalls++;
                continue;
            } finally {
                faulty.heal();
            }
            assertThat(faulty.fired()).as("the commit succeeded, so no call failed").isFalse();
            assertThat(clean.findCertificate(cert.id())).isPresent();
            assertThat(clean.timeline(cert.id())).hasSize(2);
            assertThat(failedCalls).as("a commit takes several calls, each failed once").isGreaterThan(4);
            return;
        }
        fail("the commit never succeeded within " + MAX_CALLS + " calls");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFailedUpdateChangesNothing(Fault fault) {
        CertificateRecord base = clean.commit(Commit.builder().certificate(StoreFixtures.full("before.example")
                .toBuilder().labels(Map.of("phase", "before")).build()).build()).storedCertificate();
        JobRecord baseJob = clean.commit(Commit.builder().job(StoreFixtures.job(base.id(), T0)).build()).storedJob();
        for (int n = 1; n <= MAX_CALLS; n++) {
            Commit commit = Commit.builder()
                    .certificate(base.toBuilder().names(List.of("after.example")).labels(Map.of("phase", "after"))
                            .build())
                    .job(baseJob.toBuilder().step("AFTER").build())
                    .event(event(base.id(), EventType.CERT_RENEWED, T0)).build();
            faulty.failAt(n, fault);
            try {
                store.commit(commit);
            } catch (CertpilotException e) {
                assertThat(e.code()).as("call " + n).isEqualTo(ErrorCode.STORE_ERROR);
                assertThat(clean.findCertificate(base.id())).as("after failing call " + n).contains(base);
                assertThat(clean.findJob(baseJob.id())).contains(baseJob);
                assertThat(clean.timeline(base.id())).isEmpty();
                assertThat(ids(CertificateFilter.builder().name("before.example").label("phase", "before").build()))
                        .containsExactly(base.id());
                assertThat(ids(CertificateFilter.builder().name("after.example").build())).isEmpty();
                assertThat(faulty.openConnections()).isZero();
                discardKilledConnections(fault);
                continue;
            } finally {
                faulty.heal();
            }
            assertThat(faulty.fired()).isFalse();
            assertThat(ids(CertificateFilter.builder().name("after.example").label("phase", "after").build()))
                    .containsExactly(base.id());
            assertThat(clean.findJob(baseJob.id()).orElseThrow().step()).isEqualTo("AFTER");
            return;
        }
        fail("the commit never succeeded within " + MAX_CALLS + " calls");
    }

    /**
     * HikariCP discards a connection whose driver reported a connection failure (SQL state 08...), as PostgreSQL's
     * and MariaDB's drivers do once their session was killed; H2's closed connection says 90007 instead, so for H2
     * the test tells the pool, as a pool configured for H2 would find out on its next validation.
     */
    private void discardKilledConnections(Fault fault) {
        if (fault == Fault.KILL && database().dialect() == dev.certpilot.jdbc.Dialect.H2) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private List<String> ids(CertificateFilter filter) {
        return clean.listCertificates(filter, PageRequest.first(10)).items().stream().map(CertificateRecord::id)
                .toList();
    }
}
