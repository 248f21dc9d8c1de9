package dev.certpilot.samples.bench;

import dev.certpilot.testca.AcmeTestEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bin/bench [--certs N] [--warmup W] [--concurrency C1,C2,...] [--env NAME,NAME,...] [--attempts A]}:
 * issues N EC P-256 certificates with raw acme4j over dns-01 against each environment at each concurrency, prints
 * certs/s and p50/p95 latency per run, then the throughput ratio of every environment to the last one named (the
 * reference, real Pebble).
 *
 * <p>A plain {@code main}, not JMH: one operation is a whole issuance (a dozen HTTPS round trips, a DNS query by the
 * CA, key generation and signing) lasting tens of milliseconds, against servers in other processes. JMH's
 * strengths (dead-code elimination guards, forked JVMs per trial, nanosecond timers around tiny operations) buy
 * nothing there, while a throughput run needs what JMH does not give easily: a fixed number of operations,
 * latency percentiles per operation, several client threads sharing one account, and two environments in one
 * run compared by ratio.
 */
public final class IssuanceBench {

    private IssuanceBench() {
    }

    /** Runs the benchmark as the arguments say; exits non-zero on bad arguments or when a run keeps failing. */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        Map<String, Supplier<AcmeTestEnvironment>> known = BenchEnvironments.all();
        for (String name : options.environments()) {
            if (!known.containsKey(name)) {
                throw new IllegalArgumentException("unknown environment " + name + "; known: " + known.keySet());
            }
        }
        System.out.printf(Locale.ROOT, "%d EC P-256 certificates per run after %d warm-up, raw acme4j, dns-01; "
                + "a fresh environment per run%n", options.certificates(), options.warmup());
        List<RunResult> results = new ArrayList<>();
        for (String name : options.environments()) {
            for (int concurrency : options.concurrencies()) {
                RunResult result = measure(name, known.get(name), concurrency, options);
                System.out.println(result.line());
                System.out.printf(Locale.ROOT, "%-8s c=%-3d CPU per certificate: CA %.2f ms, client JVM %.2f ms%n",
                        name, concurrency, result.caCpuMillisPerCert(), result.clientCpuMillisPerCert());
                results.add(result);
            }
        }
        printRatios(results, options);
    }

    /**
     * One measurement on a freshly started environment. A run that fails is reported and repeated on a new
     * environment, at most {@link Options#attempts()} times in all: Pebble 2.4 can deadlock under concurrent load
     * (see the README), and its in-memory store slows down as it fills, so runs never share an environment.
     */
    private static RunResult measure(String name, Supplier<AcmeTestEnvironment> starter, int concurrency,
                                     Options options) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (AcmeTestEnvironment environment = starter.get();
                 IssuanceWorkload workload = RawAcme4jWorkload.open(environment)) {
                return new IssuanceBenchmark(options.warmup(), options.certificates(), concurrency).run(name, workload);
            } catch (Exception e) {
                System.out.printf(Locale.ROOT, "%-8s c=%d attempt %d of %d failed: %s%n", name, concurrency, attempt,
                        options.attempts(), rootCause(e));
                if (attempt >= options.attempts()) {
                    throw e;
                }
            }
        }
    }

    /** The innermost cause of {@code e}: what a failed run's report names. */
    static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static void printRatios(List<RunResult> results, Options options) {
        if (options.environments().size() < 2) {
            return;
        }
        String reference = options.environments().get(options.environments().size() - 1);
        for (int concurrency : options.concurrencies()) {
            RunResult base = find(results, reference, concurrency);
            for (String name : options.environments()) {
                if (!name.equals(reference)) {
                    RunResult other = find(results, name, concurrency);
                    System.out.printf(Locale.ROOT, "ratio    %s/%s c=%d: %.1fx%n", name, reference, concurrency,
                            other.certsPerSecond() / base.certsPerSecond());
                    System.out.printf(Locale.ROOT, "ratio    CA CPU per certificate %s/%s c=%d: %.2fx%n", reference,
                            name, concurrency, base.caCpuMillisPerCert() / other.caCpuMillisPerCert());
                }
            }
        }
    }

    private static RunResult find(List<RunResult> results, String environment, int concurrency) {
        return results.stream().filter(r -> r.environment().equals(environment) && r.concurrency() == concurrency)
                .findFirst().orElseThrow();
    }

    /** Parsed command line. */
    record Options(int certificates, int warmup, List<Integer> concurrencies, List<String> environments, int attempts) {

        static Options parse(String[] args) {
            int certificates = 1000;
            int warmup = 50;
            List<Integer> concurrencies = List.of(1, 8);
            List<String> environments = new ArrayList<>(BenchEnvironments.all().keySet());
            int attempts = 3;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--certs" -> certificates = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--concurrency" -> concurrencies = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                    case "--env" -> environments = List.of(value.split(","));
                    case "--attempts" -> attempts = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag
                            + "; usage: [--certs N] [--warmup W] [--concurrency 1,8] [--env bundled,pebble] [--attempts 3]");
                }
            }
            return new Options(certificates, warmup, concurrencies, environments, attempts);
        }
    }
}
