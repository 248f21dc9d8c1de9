package dev.certpilot.jdbc;

import static dev.certpilot.spi.StoreFixtures.T0;
import static dev.certpilot.spi.StoreFixtures.account;
import static dev.certpilot.spi.StoreFixtures.event;
import static dev.certpilot.spi.StoreFixtures.full;
import static dev.certpilot.spi.StoreFixtures.fullJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.internal.AccountMapping;
import dev.certpilot.jdbc.internal.CertificateRows;
import dev.certpilot.jdbc.internal.EventRows;
import dev.certpilot.jdbc.internal.JobRows;
import dev.certpilot.jdbc.internal.SchemaMigrator;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.internal.Transactor;
import dev.certpilot.jdbc.internal.VersionedRows;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.ApprovalRecord;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.StoreFixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Schema creation, upgrade and version checks on one database; each test works under a table prefix of its own.
 */
abstract class SchemaLifecycleTest {

    /** The database under test. */
    abstract TestDatabase database();

    @Test
    void missingSchemaWithoutCreateIsATypedError() {
        String prefix = Prefixes.fresh("none");
        assertThatThrownBy(() -> JdbcCertificateStore.builder(database().primary()).tablePrefix(prefix).build())
                .isInstanceOf(CertpilotException.class)
                .hasMessageContaining("'" + prefix + "*' is at version 0")
                .hasMessageContaining("createSchemaIfMissing")
                .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.STORE_ERROR);
    }

    @Test
    void schemaWrittenByANewerVersionIsRefused() {
        String prefix = Prefixes.fresh("newer");
        database().store(database().primary(), prefix);
        database().execute("INSERT INTO " + prefix + "schema_version (version, description) VALUES (99, 'future')");
        for (boolean create : new boolean[] {false, true}) {
            assertThatThrownBy(() -> JdbcCertificateStore.builder(database().primary()).tablePrefix(prefix)
                    .createSchemaIfMissing(create).build())
                    .isInstanceOf(CertpilotException.class)
                    .hasMessageContaining("at version 99, written by a newer certpilot")
                    .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.STORE_ERROR);
        }
    }

    @Test
    void rowsWrittenByANewerVersionAreTypedErrorsAndNotClaimed() {
        String prefix = Prefixes.fresh("rowfmt");
        CertificateStore store = database().store(database().primary(), prefix);
        CertificateRecord cert = store.commit(Commit.builder().certificate(full("newer.example")).build())
                .storedCertificate();
        JobRecord job = store.commit(Commit.builder().job(StoreFixtures.job(cert.id(), T0)).build()).storedJob();
        database().execute("UPDATE " + prefix + "certificate SET row_format = 2",
                "UPDATE " + prefix + "job SET row_format = 2");

        assertThatThrownBy(() -> store.findCertificate(cert.id()))
                .isInstanceOf(CertpilotException.class)
                .hasMessageContaining("row '" + cert.id() + "' of table " + prefix + "certificate has row format 2")
                .hasMessageContaining("newer certpilot")
                .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.STORE_ERROR);
        assertThatThrownBy(() -> store.listCertificates(CertificateFilter.ALL, PageRequest.first(10)))
                .isInstanceOf(CertpilotException.class).hasMessageContaining("row format 2");
        assertThatThrownBy(() -> store.findJob(job.id())).isInstanceOf(CertpilotException.class)
                .hasMessageContaining("row format 2");
        assertThat(store.claimJobs("old-instance", T0, Duration.ofMinutes(1), 10)).isEmpty();
    }

    @Test
    void upgradeFromVersionOneKeepsEveryRecord() throws Exception {
        String prefix = Prefixes.fresh("up");
        Tables tables = new Tables(prefix);
        SqlDialect dialect = new SqlDialect(database().dialect());
        SchemaMigrator migrator = new SchemaMigrator(database().primary(), dialect, tables, Clock.systemUTC());
        assertThat(migrator.ensure(true, 1)).isEqualTo(1);
        assertThat(tableNames(prefix)).doesNotContain(prefix + "approval");

        // what a version-1 certpilot wrote: its writers are today's, whose tables V2 leaves unchanged
        CertificateRecord cert = full("upgrade.example");
        JobRecord job = fullJob(cert.id());
        List<CertificateEvent> events = List.of(event(cert.id(), EventType.CERT_REQUESTED, T0),
                event(cert.id(), EventType.CERT_ISSUED, T0.plusSeconds(1)));
        AccountRecord acct = account("https://ca.example/dir", "default");
        Transactor tx = new Transactor(database().primary(), dialect);
        List<CertificateEvent> storedEvents = tx.inTransaction("v1 writes", c -> {
            new CertificateRows(tables, false).save(c, cert);
            new JobRows(tables).save(c, job);
            new VersionedRows<>(new AccountMapping(tables.account())).save(c, acct);
            return new EventRows(tables, dialect.counterRead()).append(c, events);
        });

        assertThatThrownBy(() -> JdbcCertificateStore.builder(database().primary()).tablePrefix(prefix).build())
                .isInstanceOf(CertpilotException.class)
                .hasMessageContaining("at version 1, this certpilot needs version 2")
                .hasMessageContaining("db/certpilot/" + database().dialect().scriptDirectory() + "/");

        JdbcCertificateStore store = database().store(database().primary(), prefix);
        assertThat(schemaVersions(prefix)).containsExactly(1, 2);
        assertThat(store.findCertificate(cert.id())).contains(cert.toBuilder().revision(1).build());
        assertThat(store.findJob(job.id())).contains(job.toBuilder().revision(1).build());
        assertThat(store.findAccount(acct.id())).contains(acct.withRevision(1));
        assertThat(store.timeline(cert.id())).containsExactlyElementsOf(storedEvents);
        assertThat(store.listCertificates(CertificateFilter.builder().name("*.upgrade.example").build(),
                PageRequest.first(10)).items()).extracting(CertificateRecord::id).containsExactly(cert.id());
        // what version 2 added works on the upgraded schema, and the old data keeps its revisions
        ApprovalRecord approval = store.saveApproval(ApprovalRecord.pending(StoreFixtures.id(), cert.id(),
                Optional.empty(), Optional.empty(), List.of("new in V2"), T0));
        assertThat(store.findApproval(approval.id())).contains(approval);
        assertThat(store.commit(Commit.builder().certificate(store.findCertificate(cert.id()).orElseThrow()
                .toBuilder().autoRenew(true).build()).build()).storedCertificate().revision()).isEqualTo(2);
    }

    @Test
    void twoStoresCreatingTheSchemaAtOnceBothSucceed() throws Exception {
        String prefix = Prefixes.fresh("race");
        int instances = 4;
        List<HikariDataSource> pools = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            pools.add(database().newPool("race-" + i, 2));
        }
        try {
            List<JdbcCertificateStore> stores = runTogether(instances, i -> database().store(pools.get(i), prefix));
            assertThat(stores).hasSize(instances);
            assertThat(schemaVersions(prefix)).containsExactly(1, 2);
            CertificateRecord r = stores.get(0).commit(Commit.builder().certificate(full("race.example")).build())
                    .storedCertificate();
            assertThat(stores.get(instances - 1).findCertificate(r.id())).contains(r);
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    @Test
    void tablePrefixIsValidated() {
        assertThatThrownBy(() -> JdbcCertificateStore.builder(database().primary()).tablePrefix("x; DROP TABLE y"))
                .isInstanceOf(CertpilotException.class)
                .extracting(e -> ((CertpilotException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    private List<Integer> schemaVersions(String prefix) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = database().primary().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + prefix + "schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private List<String> tableNames(String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = database().primary().getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                if (name.startsWith(prefix)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Runs tasks at once (released together) and returns their results in order. */
    static <T> List<T> runTogether(int threads, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> body = () -> {
                    start.await();
                    return task.apply(n);
                };
                futures.add(pool.submit(body));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
