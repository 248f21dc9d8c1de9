package dev.certpilot.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.EventType;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.Prefixes;
import dev.certpilot.jdbc.testdb.TestDatabases;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exactly-once renewal across instances sharing one PostgreSQL: {@value #DEFAULT_CERTIFICATES} certificates (1000
 * with {@code -Dcertpilot.exactlyOnce.certificates=1000}) are issued through a manager against the bundled CA, then
 * two instances race to renew every one of them.
 *
 * <p>The main variant is the automatic one: the CA's and the managers' clock is moved 70 days ahead
 * ({@link ShiftedClock}), past the renewal window of every certificate (ARI's, about two thirds into the 90 days),
 * and two instances start at the same moment, so that both renewal schedulers find every certificate due in their
 * first tick: once two managers on separate threads with separate connection pools (two
 * {@code JdbcCertificateStore}s), once this JVM's manager and a manager in a second JVM ({@link ManagerProcess}
 * {@code schedule} mode). A renewal starts with one compare-and-set commit on the certificate: one instance's
 * succeeds, the other's conflicts and skips. Jobs that could not start at once for lack of capacity are claimed by
 * whichever instance has room ({@code SKIP LOCKED}). A renewed certificate's next window lies two months ahead, so
 * no later tick renews it again.
 *
 * <p>The other variant is by hand: two managers call {@code renew(id)} for every certificate, in the same order,
 * released together. Every job's DNS publication is held until both have made all their calls ({@link GatedDns}),
 * because {@code renew(id)} after a <em>finished</em> renewal rightly renews again: the race under test is the
 * concurrent one.
 *
 * <p>Afterwards, per certificate: exactly one more ACME order and one more issued certificate in the CA's event log,
 * {@code version} one higher, one more succeeded job, one {@code renewal.started} and one {@code cert.renewed}
 * event per version; in the database no job {@code ACTIVE}, no job lease held, no named lease unexpired; and both
 * instances did some of the renewals. Each test starts from whatever the others left, so they run in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceRenewalTest {

    static final int DEFAULT_CERTIFICATES = 200;
    private static final int CERTIFICATES = Integer.getInteger("certpilot.exactlyOnce.certificates",
            DEFAULT_CERTIFICATES);
    /** Jobs per instance: enough to keep the CA busy on two cores, few enough that most renewals are claimed. */
    private static final int JOBS = 8;
    private static final Duration RACE_TIMEOUT = Duration.ofMinutes(5);
    /** Past the end of every renewal window of a certificate issued or renewed at the clock's previous position. */
    private static final Duration PAST_RENEWAL = Duration.ofDays(70);

    private final ShiftedClock clock = new ShiftedClock();
    private TestCa ca;
    private ManagerSetup setup;
    private HikariDataSource inspectPool;
    private JdbcCertificateStore inspect;
    private List<String> ids;

    @BeforeAll
    void issueCertificates() {
        ca = TestCa.builder().clock(clock).start();
        String run = Long.toString(System.nanoTime() % 1_679_616, 36);
        setup = ManagerSetup.of(ca, TestDatabases.postgres().jdbcUrl(), Prefixes.fresh("once"),
                Path.of("target", "exactly-once", run).toAbsolutePath());
        inspectPool = setup.pool("inspect", 4);
        inspect = setup.store(inspectPool);
        long started = System.nanoTime();
        try (HikariDataSource pool = setup.pool("issue", 16);
             CertificateManager manager = setup.manager(setup.store(pool), setup.dnsProvider(), 16)
                     .instanceId("issuer").clock(clock).jobPollInterval(Duration.ofMillis(100)).build()) {
            manager.start();
            List<CertificateHandle> handles = new ArrayList<>();
            for (int i = 0; i < CERTIFICATES; i++) {
                handles.add(manager.request(CertificateRequest.forDomains("c" + i + "-" + run + "." + setup.zone())
                        .build()));
            }
            handles.forEach(h -> h.awaitIssued(RACE_TIMEOUT));
        }
        ids = ManagerProcess.allIds(inspect);
        assertThat(ids).hasSize(CERTIFICATES);
        System.out.printf("exactly-once: issued %d certificates in %d ms%n", CERTIFICATES,
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    void stop() {
        if (inspectPool != null) {
            inspectPool.close();
        }
        if (ca != null) {
            ca.close();
        }
    }

    @Test
    void theSchedulersOfTwoManagersWithTheirOwnPoolsRenewEveryDueCertificateOnce() throws Exception {
        Snapshot before = snapshot();
        clock.advance(PAST_RENEWAL);
        AtomicInteger renewedByA = new AtomicInteger();
        AtomicInteger renewedByB = new AtomicInteger();
        long started = System.nanoTime();
        try (HikariDataSource poolA = setup.pool("a", 10);
             HikariDataSource poolB = setup.pool("b", 10);
             CertificateManager a = setup.racer(setup.store(poolA), setup.dnsProvider(), JOBS, "a", clock, renewedByA);
             CertificateManager b = setup.racer(setup.store(poolB), setup.dnsProvider(), JOBS, "b", clock,
                     renewedByB)) {
            together(List.of(a::start, b::start));
            awaitRenewals(before);
        }
        report("schedulers of two managers, one JVM", started, renewedByA.get(), renewedByB.get());
        assertRenewedExactlyOnce(before, renewedByA.get(), renewedByB.get());
        assertThat(renewalsStartedSince(before, "ari", "due")).as("started by the schedulers").isEqualTo(CERTIFICATES);
    }

    @Test
    void theSchedulersOfAManagerAndOneInASecondJvmRenewEveryDueCertificateOnce() throws Exception {
        Snapshot before = snapshot();
        Duration offset = clock.advance(PAST_RENEWAL);
        AtomicInteger renewedHere = new AtomicInteger();
        List<String> args = new ArrayList<>(setup.toArgs());
        args.addAll(List.of("mode=schedule", "jobs=" + JOBS, "clockOffset=" + offset));
        int renewedThere;
        long started;
        try (ChildJvm child = ChildJvm.start("exactly-once-" + setup.prefix() + "jvm", ManagerProcess.class, args);
             HikariDataSource pool = setup.pool("here", 10);
             CertificateManager here = setup.racer(setup.store(pool), setup.dnsProvider(), JOBS, "here", clock,
                     renewedHere)) {
            assertThat(child.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60)))
                    .isEqualTo("READY " + CERTIFICATES);
            started = System.nanoTime();
            child.send("GO");
            here.start();
            awaitRenewals(before);
            child.send("STOP");
            renewedThere = Integer.parseInt(child.awaitLine(l -> l.startsWith("RENEWED "), Duration.ofSeconds(60))
                    .substring("RENEWED ".length()));
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as("second JVM's exit code").isZero();
        }
        report("schedulers of a manager and a second JVM", started, renewedHere.get(), renewedThere);
        assertRenewedExactlyOnce(before, renewedHere.get(), renewedThere);
        assertThat(renewalsStartedSince(before, "ari", "due")).as("started by the schedulers").isEqualTo(CERTIFICATES);
    }

    @Test
    void renewCalledByTwoManagersForEveryCertificateStartsOneRenewalEach() throws Exception {
        Snapshot before = snapshot();
        long started = System.nanoTime();
        AtomicInteger renewedByA = new AtomicInteger();
        AtomicInteger renewedByB = new AtomicInteger();
        GatedDns dnsA = new GatedDns(setup.dnsProvider());
        GatedDns dnsB = new GatedDns(setup.dnsProvider());
        try (HikariDataSource poolA = setup.pool("a", 10);
             HikariDataSource poolB = setup.pool("b", 10);
             CertificateManager a = setup.racer(setup.store(poolA), dnsA, JOBS, "a", clock, renewedByA);
             CertificateManager b = setup.racer(setup.store(poolB), dnsB, JOBS, "b", clock, renewedByB)) {
            a.start();
            b.start();
            together(List.of(() -> ids.forEach(a::renew), () -> ids.forEach(b::renew)));
            dnsA.open();
            dnsB.open();
            awaitRenewals(before);
        }
        report("renew(id) by two managers, one JVM", started, renewedByA.get(), renewedByB.get());
        assertRenewedExactlyOnce(before, renewedByA.get(), renewedByB.get());
        assertThat(renewalsStartedSince(before, "manual")).as("started by renew(id)").isEqualTo(CERTIFICATES);
    }

    /** Runs the actions on threads of their own, released at the same moment, and waits for all of them. */
    private static void together(List<Runnable> actions) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(actions.size());
        try {
            CyclicBarrier barrier = new CyclicBarrier(actions.size());
            List<Future<?>> running = new ArrayList<>();
            for (Runnable action : actions) {
                running.add(threads.submit(() -> {
                    barrier.await();
                    action.run();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** What the store and the CA held before a race. */
    private record Snapshot(Map<String, CertificateRecord> certificates, Map<List<String>, Long> orders,
                            Map<List<String>, Long> issued, Map<String, Long> jobs, long lastEvent) {
    }

    private Snapshot snapshot() throws SQLException {
        return new Snapshot(certificates(), ManagerSetup.countByIdentifiers(ca, CaEvent.Type.ORDER_CREATED),
                ManagerSetup.countByIdentifiers(ca, CaEvent.Type.CERTIFICATE_ISSUED),
                countBy("SELECT certificate_id, COUNT(*) FROM %sjob WHERE status = 'SUCCEEDED' GROUP BY certificate_id"),
                single("SELECT COALESCE(MAX(seq), 0) FROM %sevent"));
    }

    /** How many renewals this race started for one of {@code reasons} ({@code ari}, {@code due}, {@code manual}). */
    private long renewalsStartedSince(Snapshot before, String... reasons) throws SQLException {
        List<String> likes = new ArrayList<>();
        for (String reason : reasons) {
            likes.add("details LIKE '%%reason=" + reason + ";%%'");
        }
        return single("SELECT COUNT(*) FROM %sevent WHERE seq > " + before.lastEvent() + " AND event_type = '"
                + EventType.RENEWAL_STARTED.code() + "' AND (" + String.join(" OR ", likes) + ")");
    }

    /** Waits (bounded) until no job is active and the versions add up to one renewal per certificate. */
    private void awaitRenewals(Snapshot before) throws SQLException, InterruptedException {
        long expected = before.certificates().values().stream().mapToLong(CertificateRecord::version).sum()
                + CERTIFICATES;
        long deadline = System.nanoTime() + RACE_TIMEOUT.toNanos();
        while (true) {
            long versions = single("SELECT COALESCE(SUM(version), 0) FROM %scertificate");
            long active = single("SELECT COUNT(*) FROM %sjob WHERE status = 'ACTIVE'");
            if (versions >= expected && active == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + RACE_TIMEOUT + ": versions add up to " + versions + " of "
                        + expected + ", " + active + " jobs still active");
            }
            Thread.sleep(100); // polling the shared database while two instances work: bounded by the deadline
        }
    }

    private void assertRenewedExactlyOnce(Snapshot before, int renewedByOne, int renewedByOther) throws Exception {
        Map<List<String>, Long> orders = ManagerSetup.countByIdentifiers(ca, CaEvent.Type.ORDER_CREATED);
        Map<List<String>, Long> issued = ManagerSetup.countByIdentifiers(ca, CaEvent.Type.CERTIFICATE_ISSUED);
        Map<String, Long> jobs = countBy("SELECT certificate_id, COUNT(*) FROM %sjob WHERE status = 'SUCCEEDED'"
                + " GROUP BY certificate_id");
        Map<String, Long> started = countBy("SELECT certificate_id, COUNT(*) FROM %sevent WHERE event_type = '"
                + EventType.RENEWAL_STARTED.code() + "' GROUP BY certificate_id");
        Map<String, Long> renewed = countBy("SELECT certificate_id, COUNT(*) FROM %sevent WHERE event_type = '"
                + EventType.CERT_RENEWED.code() + "' GROUP BY certificate_id");
        Map<String, CertificateRecord> after = certificates();
        assertThat(after).hasSize(CERTIFICATES);
        for (CertificateRecord was : before.certificates().values()) {
            CertificateRecord now = after.get(was.id());
            List<String> names = ManagerSetup.sorted(now.names());
            String what = "certificate " + was.id() + " " + names;
            assertThat(now.state()).as(what).isEqualTo(CertificateState.ISSUED);
            assertThat(now.version()).as("%s: version", what).isEqualTo(was.version() + 1);
            assertThat(now.serial()).as(what).isNotEqualTo(was.serial());
            assertThat(now.notBefore().orElseThrow()).as("%s: issued at the shifted clock's time", what)
                    .isAfter(clock.instant().minus(RACE_TIMEOUT));
            assertThat(now.activeJobId()).as(what).isEmpty();
            assertThat(orders.get(names)).as("%s: ACME orders", what).isEqualTo(before.orders().get(names) + 1);
            assertThat(issued.get(names)).as("%s: issued by the CA", what).isEqualTo(before.issued().get(names) + 1);
            assertThat(jobs.get(was.id())).as("%s: succeeded jobs", what).isEqualTo(before.jobs().get(was.id()) + 1);
            assertThat(started.get(was.id())).as("%s: renewal.started", what).isEqualTo(now.version() - 1L);
            assertThat(renewed.get(was.id())).as("%s: cert.renewed", what).isEqualTo(now.version() - 1L);
        }
        setup.assertKeyMatchesCertificate(after.get(ids.get(0)));
        assertThat(single("SELECT COUNT(*) FROM %sjob WHERE status <> 'SUCCEEDED'")).as("jobs not succeeded").isZero();
        assertThat(single("SELECT COUNT(*) FROM %sjob WHERE lease_owner IS NOT NULL")).as("job leases held").isZero();
        assertThat(single("SELECT COUNT(*) FROM %slease WHERE expires_at > " + micros(clock.instant())))
                .as("named leases held").isZero();
        assertThat(renewedByOne + renewedByOther).as("renewals completed by the two instances")
                .isEqualTo(CERTIFICATES);
        assertThat(renewedByOne).as("renewals by the first instance").isPositive();
        assertThat(renewedByOther).as("renewals by the second instance").isPositive();
    }

    private static void report(String race, long startedNanos, int one, int other) {
        System.out.printf("exactly-once: %s renewed %d certificates in %d ms (%d + %d)%n", race, one + other,
                (System.nanoTime() - startedNanos) / 1_000_000, one, other);
    }

    private Map<String, CertificateRecord> certificates() {
        Map<String, CertificateRecord> out = new HashMap<>();
        CertificateStore store = inspect;
        PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
        while (page != null) {
            var p = store.listCertificates(CertificateFilter.ALL, page);
            p.items().forEach(c -> out.put(c.id(), c));
            page = p.next(PageRequest.MAX_SIZE).orElse(null);
        }
        return out;
    }

    private long single(String sqlWithPrefix) throws SQLException {
        try (Connection c = inspectPool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(String.format(sqlWithPrefix, setup.prefix()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Long> countBy(String sqlWithPrefix) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = inspectPool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(String.format(sqlWithPrefix, setup.prefix()))) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
