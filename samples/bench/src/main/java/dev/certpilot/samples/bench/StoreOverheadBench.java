package dev.certpilot.samples.bench;

import dev.certpilot.Checkpoints;
import dev.certpilot.jdbc.testdb.PostgresDatabase;
import dev.certpilot.testca.AcmeTestEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench-stores [--certs N] [--warmup W] [--concurrency 1,8] [--stores memory,h2,postgres,mariadb]
 * [--rounds R] [--jvm-warmup N] [--env bundled|pebble] [--checkpoints essential|every-step]}: what a database costs
 * per issuance. Issues N single-name EC P-256 certificates through {@code CertificateManager} (the whole durable
 * job: three commits with the default {@code Checkpoints.ESSENTIAL}, ten with {@code EVERY_STEP}, events, the
 * encrypted key)
 * against the bundled CA ({@code --env pebble}: real Pebble, for perspective) once per store
 * ({@link BenchStores}), and reports each store's time per certificate
 * against the in-memory store's in the same run: the store overhead, {@code time(store) / time(memory) - 1}.
 * Target: at most 10 % of issuance time.
 *
 * <p>First {@code --jvm-warmup} certificates (300) warm the JVM up, unmeasured. Then every run gets a fresh CA, a
 * fresh, empty store and its own {@code --warmup}; within a round the stores take turns, each round starting
 * with the next one (so no store always runs first or last); the figure per store is the median over the rounds.
 * Only ratios from one run mean something: the CA, the client and the databases share the machine's cores.
 */
public final class StoreOverheadBench {

    /** The target: a store may add at most this share to the time of an issuance. */
    static final double TARGET_OVERHEAD = 0.10;

    private StoreOverheadBench() {
    }

    /** Runs the comparison the arguments describe and prints one line per run and a summary per concurrency. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the embedded PostgreSQL syncs its WAL, as a production server does (tests run it without fsync)
        System.setProperty(PostgresDatabase.FSYNC_PROPERTY, "on");
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "store overhead: %d single-name certificates per run after %d warm-up,"
                + " CertificateManager (checkpoints %s) on the %s CA, %d round(s)%n", o.certs, o.warmup,
                o.checkpoints, o.env, o.rounds);
        warmUpJvm(o);
        for (int concurrency : o.concurrencies) {
            Map<String, List<RunResult>> results = run(o, concurrency);
            System.out.println(summary(results, concurrency));
        }
        System.exit(0); // the embedded databases' shutdown hooks stop their servers
    }

    /**
     * Issues {@code jvmWarmup} certificates with the in-memory store before anything is measured, so that the first
     * measured runs do not pay for class loading and JIT compilation of the code every store shares.
     */
    static void warmUpJvm(Options o) throws Exception {
        if (o.jvmWarmup == 0) {
            return;
        }
        int concurrency = o.concurrencies.stream().max(Integer::compare).orElse(1);
        try (AcmeTestEnvironment ca = environment(o);
             IssuanceWorkload workload = ManagerWorkload.open(ca, concurrency)) {
            RunResult r = new IssuanceBenchmark(0, o.jvmWarmup, concurrency).run(o.env, workload);
            System.out.printf(Locale.ROOT, "JVM warm-up: %d certificates in %.1f s (not counted)%n", r.certificates(),
                    r.wall().toNanos() / 1e9);
        }
    }

    /** Every store, {@code rounds} times, at one concurrency. */
    static Map<String, List<RunResult>> run(Options o, int concurrency) throws Exception {
        Map<String, List<RunResult>> results = new LinkedHashMap<>();
        o.stores.forEach(s -> results.put(s, new ArrayList<>()));
        for (int round = 0; round < o.rounds; round++) {
            for (int i = 0; i < o.stores.size(); i++) {
                String store = o.stores.get((i + round) % o.stores.size());
                try (AcmeTestEnvironment ca = environment(o);
                     BenchStores.OpenStore open = BenchStores.open(store, concurrency + 2);
                     IssuanceWorkload workload = ManagerWorkload.open(ca, concurrency, open.store(), store,
                             o.checkpoints)) {
                    RunResult r = new IssuanceBenchmark(o.warmup, o.certs, concurrency).run(o.env, workload);
                    System.out.println(r.line() + "   (" + open.durability() + ")");
                    results.get(store).add(r);
                }
            }
        }
        return results;
    }

    private static AcmeTestEnvironment environment(Options o) {
        return BenchEnvironments.all().get(o.env).get();
    }

    /** The median time per certificate of each store, its ratio to the first store's (memory) and the verdict. */
    static String summary(Map<String, List<RunResult>> results, int concurrency) {
        StringBuilder out = new StringBuilder();
        String reference = results.keySet().iterator().next();
        double base = medianMillisPerCert(results.get(reference));
        for (Map.Entry<String, List<RunResult>> e : results.entrySet()) {
            double ms = medianMillisPerCert(e.getValue());
            double overhead = ms / base - 1;
            out.append(String.format(Locale.ROOT, "ratio    c=%-3d %-15s %7.2f ms/cert   %5.2fx %s   overhead %+6.1f %%%s%n",
                    concurrency, e.getKey(), ms, ms / base, reference, overhead * 100,
                    e.getKey().equals(reference) ? "" : overhead <= TARGET_OVERHEAD ? "   (target <= 10 %: met)"
                            : "   (target <= 10 %: MISSED)"));
        }
        return out.toString();
    }

    /** The median over runs of wall time per certificate, in milliseconds. */
    static double medianMillisPerCert(List<RunResult> runs) {
        double[] perCert = runs.stream().mapToDouble(r -> r.wall().toNanos() / 1e6 / r.certificates()).sorted()
                .toArray();
        int n = perCert.length;
        return n % 2 == 1 ? perCert[n / 2] : (perCert[n / 2 - 1] + perCert[n / 2]) / 2;
    }

    /** Parsed command line. */
    record Options(int certs, int warmup, List<Integer> concurrencies, List<String> stores, int rounds,
                   int jvmWarmup, String env, Checkpoints checkpoints) {

        static Options parse(String[] args) {
            int certs = 200;
            int warmup = 40;
            int jvmWarmup = 300;
            String env = "bundled";
            List<Integer> concurrencies = List.of(1, 8);
            List<String> stores = List.of("memory", "h2", "postgres", "mariadb");
            int rounds = 3;
            Checkpoints checkpoints = Checkpoints.ESSENTIAL;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--certs" -> certs = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--concurrency" -> concurrencies = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                    case "--stores" -> stores = List.of(v.split(","));
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--jvm-warmup" -> jvmWarmup = Integer.parseInt(v);
                    case "--env" -> env = v;
                    case "--checkpoints" -> checkpoints = Checkpoints.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--certs N]"
                            + " [--warmup W] [--concurrency 1,8] [--stores " + String.join(",", BenchStores.NAMES)
                            + "] [--rounds R] [--jvm-warmup N] [--env bundled|pebble]"
                            + " [--checkpoints essential|every-step]");
                }
            }
            if (!stores.get(0).equals("memory")) {
                throw new IllegalArgumentException("--stores must start with memory, the reference");
            }
            for (String s : stores) {
                if (!BenchStores.NAMES.contains(s)) {
                    throw new IllegalArgumentException("unknown store " + s + "; known: " + BenchStores.NAMES);
                }
            }
            if (!BenchEnvironments.all().containsKey(env)) {
                throw new IllegalArgumentException("unknown environment " + env + "; known: "
                        + BenchEnvironments.all().keySet());
            }
            return new Options(certs, warmup, concurrencies, stores, rounds, jvmWarmup, env, checkpoints);
        }
    }
}
