package dev.certpilot.jdbc;

import static dev.certpilot.spi.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Failure;
import dev.certpilot.PageRequest;
import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.Transactor;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.ApprovalRecord;
import dev.certpilot.spi.ApprovalStatus;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.StoreFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the contract does not spell out but a shared SQL store must get right. */
abstract class StoreBehaviourTest {

    private static final String ODD = "nul\0 lone\uD800 pair\uD83D\uDE00 % ; = \u00fcber \u2713 'quote' \"dq\" \\";

    private CertificateStore store;
    private CertificateStore second;

    /** The database under test. */
    abstract TestDatabase database();

    @BeforeEach
    void setUp() {
        String prefix = Prefixes.fresh("behave");
        store = database().store(database().primary(), prefix);
        second = database().store(database().second(), prefix);
    }

    @Test
    void anyJavaStringRoundTripsIncludingNulAndLoneSurrogates() {
        CertificateRecord r = StoreFixtures.full("odd.example").toBuilder()
                .labels(Map.of(ODD, ODD, "plain", "")).attributes(Map.of(ODD, ODD)).targets(List.of(ODD, "", ODD))
                .failure(new Failure(ErrorCode.CA_ERROR, ODD, T0, Optional.empty())).build();
        CertificateRecord stored = store.commit(Commit.builder().certificate(r)
                .event(CertificateEvent.of(r.id(), EventType.CERT_FAILED, T0, Map.of(ODD, ODD))).build())
                .storedCertificate();
        assertThat(second.findCertificate(r.id())).contains(stored);
        assertThat(second.timeline(r.id()).get(0).details()).containsExactlyEntriesOf(Map.of(ODD, ODD));
        assertThat(ids(CertificateFilter.builder().label(ODD, ODD).build())).containsExactly(r.id());
        assertThat(ids(CertificateFilter.builder().label(ODD, "other").build())).isEmpty();
        ApprovalRecord approval = store.saveApproval(ApprovalRecord.pending(StoreFixtures.id(), r.id(),
                Optional.empty(), Optional.of("alice"), List.of(ODD), T0).decide(ApprovalStatus.REJECTED, "bob", ODD,
                T0));
        assertThat(second.findApproval(approval.id())).contains(approval);
        // identifiers are stored verbatim: what no database keeps verbatim is refused everywhere alike
        for (String bad : List.of("nul\0", "lone\uD800")) {
            CertificateRecord badTenant = StoreFixtures.minimal("bad.example").toBuilder().tenant(bad).build();
            assertThatThrownBy(() -> store.commit(Commit.builder().certificate(badTenant).build()))
                    .isInstanceOf(CertpilotException.class).hasMessageContaining("NUL character or an unpaired")
                    .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.STORE_ERROR);
            assertThat(store.findCertificate(badTenant.id())).isEmpty();
        }
    }

    @Test
    void nameAndLabelLookupsFollowUpdatesAndDeletes() {
        CertificateRecord r = store.commit(Commit.builder().certificate(StoreFixtures.minimal("old.example")
                .toBuilder().labels(Map.of("env", "dev")).build()).build()).storedCertificate();
        CertificateRecord moved = store.commit(Commit.builder().certificate(r.toBuilder()
                .names(List.of("new.example", "*.new.example", "new.example")).labels(Map.of("env", "prod")).build())
                .build()).storedCertificate();
        assertThat(ids(CertificateFilter.builder().name("old.example").build())).isEmpty();
        assertThat(ids(CertificateFilter.builder().label("env", "dev").build())).isEmpty();
        assertThat(ids(CertificateFilter.builder().name("*.new.example").label("env", "prod").build()))
                .containsExactly(r.id());
        assertThat(store.findCertificate(r.id()).orElseThrow().names())
                .containsExactly("new.example", "*.new.example", "new.example");
        store.deleteCertificate(r.id(), moved.revision(), List.of());
        assertThat(ids(CertificateFilter.builder().name("new.example").build())).isEmpty();
        assertThat(store.countCertificates(CertificateFilter.builder().label("env", "prod").build())).isZero();
    }

    @Test
    void duplicateInsertIsAConflictNamingTheTableAndId() {
        CertificateRecord r = store.commit(Commit.builder().certificate(StoreFixtures.minimal("dup.example")).build())
                .storedCertificate();
        assertThatThrownBy(() -> second.commit(Commit.builder().certificate(StoreFixtures.minimal("x.example")
                .toBuilder().id(r.id()).build()).build()))
                .isInstanceOf(CertpilotException.class)
                .hasMessageContaining("certificate " + r.id() + " already exists")
                .hasMessageContaining("certificate)")
                .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.STORE_CONFLICT);
    }

    @Test
    void instantsKeepMicroseconds() {
        Instant micros = Instant.parse("2026-03-01T10:00:00.123456Z");
        CertificateRecord r = StoreFixtures.minimal("micro.example").toBuilder().createdAt(micros)
                .notAfter(Instant.parse("9999-12-31T23:59:59Z")).notBefore(Instant.parse("1950-01-01T00:00:00.5Z"))
                .build();
        store.commit(Commit.builder().certificate(r).build());
        assertThat(store.findCertificate(r.id()).orElseThrow()).isEqualTo(r.toBuilder().revision(1).build());
    }

    @Test
    void aDeadInstancesClaimsAreTakenOverByAnotherInstanceWhenTheLeaseExpires() {
        CertificateRecord cert = store.commit(Commit.builder().certificate(StoreFixtures.minimal("lease.example"))
                .build()).storedCertificate();
        for (int i = 0; i < 3; i++) {
            store.commit(Commit.builder().job(StoreFixtures.job(cert.id(), T0)).build());
        }
        List<JobRecord> dead = store.claimJobs("dead", T0, Duration.ofSeconds(30), 10);
        assertThat(dead).hasSize(3);
        assertThat(second.claimJobs("alive", T0.plusSeconds(29), Duration.ofSeconds(30), 10)).isEmpty();
        List<JobRecord> taken = second.claimJobs("alive", T0.plusSeconds(30), Duration.ofSeconds(30), 10);
        assertThat(taken).extracting(JobRecord::id).containsExactlyElementsOf(dead.stream().map(JobRecord::id)
                .toList());
        assertThat(taken).allSatisfy(j -> assertThat(j.isLeasedBy("alive", T0.plusSeconds(30))).isTrue());
        assertThat(store.findJob(taken.get(0).id())).contains(taken.get(0));
    }

    @Test
    void aPollerFollowingEventsNeverSkipsOneWhileInstancesAppendConcurrently() throws Exception {
        CertificateRecord cert = store.commit(Commit.builder().certificate(StoreFixtures.minimal("events.example"))
                .build()).storedCertificate();
        int writers = 4;
        int commits = 40;
        AtomicBoolean done = new AtomicBoolean();
        List<CertificateEvent> seen = new ArrayList<>();
        Thread poller = new Thread(() -> {
            long after = 0;
            while (true) {
                boolean last = done.get();
                List<CertificateEvent> batch = second.events(after, 50);
                seen.addAll(batch);
                after = batch.isEmpty() ? after : batch.get(batch.size() - 1).sequence();
                if (last && batch.isEmpty()) {
                    return;
                }
            }
        });
        poller.start();
        try {
            SchemaLifecycleTest.runTogether(writers, w -> {
                CertificateStore s = w % 2 == 0 ? store : second;
                for (int i = 0; i < commits; i++) {
                    s.commit(Commit.builder().event(StoreFixtures.event(cert.id(), EventType.DNS_PUBLISHED, T0))
                            .event(StoreFixtures.event(cert.id(), EventType.DNS_PROPAGATED, T0)).build());
                }
                return null;
            });
        } finally {
            done.set(true);
            poller.join(60_000);
        }
        List<CertificateEvent> all = store.events(0, writers * commits * 2 + 10);
        assertThat(all).hasSize(writers * commits * 2);
        assertThat(seen).containsExactlyElementsOf(all);
    }

    @Test
    void writeTransactionsAreReadCommittedWhateverTheConnectionsDefaultTo() throws Exception {
        String table = Prefixes.fresh("iso") + "t";
        database().execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
                "INSERT INTO " + table + " (id, v) VALUES (1, 0)");
        String repeatableRead = database().dialect() == Dialect.MARIADB
                ? "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                : "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ";
        try (HikariDataSource repeatable = database().newPool("repeatable", 2, repeatableRead)) {
            assertThat(Transactor.startsReadCommitted(repeatable)).isFalse();
            Transactor tx = new Transactor(repeatable, new SqlDialect(database().dialect()),
                    Transactor.startsReadCommitted(repeatable));
            // READ COMMITTED sees a row committed by another session after the transaction's first read
            List<Integer> seen = tx.inTransaction("isolation", c -> {
                int before = value(c, table);
                database().execute("UPDATE " + table + " SET v = 1 WHERE id = 1");
                return List.of(before, value(c, table));
            });
            assertThat(seen).containsExactly(0, 1);
        }
        // the defaults: PostgreSQL and H2 start READ COMMITTED (no statement needed), MariaDB REPEATABLE READ
        assertThat(Transactor.startsReadCommitted(database().primary()))
                .isEqualTo(database().dialect() != Dialect.MARIADB);
    }

    private static int value(java.sql.Connection c, String table) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT v FROM " + table + " WHERE id = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> ids(CertificateFilter filter) {
        return second.listCertificates(filter, PageRequest.first(10)).items().stream().map(CertificateRecord::id)
                .toList();
    }
}
