package dev.certpilot.samples.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs an {@link IssuanceWorkload}: first {@code warmup} certificates that are not measured (JIT, TLS sessions,
 * the CA's own warm-up), then {@code certificates} measured ones with {@code concurrency} in flight at once, each
 * for a fresh single name. Any failed issuance aborts the run: a benchmark that counts failures as throughput
 * lies.
 */
public final class IssuanceBenchmark {

    private final int warmup;
    private final int certificates;
    private final int concurrency;
    private final Function<String, List<String>> names;

    /** A benchmark of {@code certificates} measured issuances after {@code warmup}, {@code concurrency} at once. */
    public IssuanceBenchmark(int warmup, int certificates, int concurrency) {
        this(warmup, certificates, concurrency, List::of);
    }

    /**
     * A benchmark whose certificates have the names {@code names} makes of a fresh registered domain (e.g. the
     * domain and its wildcard).
     */
    public IssuanceBenchmark(int warmup, int certificates, int concurrency, Function<String, List<String>> names) {
        if (warmup < 0 || certificates < 1 || concurrency < 1) {
            throw new IllegalArgumentException("need warmup >= 0, certificates >= 1, concurrency >= 1");
        }
        this.warmup = warmup;
        this.certificates = certificates;
        this.concurrency = concurrency;
        this.names = names;
    }

    /** Runs warm-up and measurement against {@code workload}, labelled with {@code environment}. */
    public RunResult run(String environment, IssuanceWorkload workload) throws Exception {
        String prefix = "b" + Long.toString(System.nanoTime(), 36);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            issueAll(pool, workload, prefix + "-warm", warmup);
            CpuMeter.Sample before = CpuMeter.sample();
            long started = System.nanoTime();
            long[] latencies = issueAll(pool, workload, prefix + "-run", certificates);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            CpuMeter.Sample used = CpuMeter.sample().since(before);
            return RunResult.of(environment, workload.name(), concurrency, wall, latencies, used.ca(), used.client());
        } finally {
            pool.shutdownNow();
        }
    }

    private long[] issueAll(ExecutorService pool, IssuanceWorkload workload, String label, int count)
            throws InterruptedException, ExecutionException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count && !failed.get(); i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        // a registered domain of its own per certificate: no shared authorizations or domain limits
                        workload.issue(names.apply("c" + i + "-" + label + ".test"));
                        latencies[i] = System.nanoTime() - start;
                    }
                    return null;
                } catch (Exception e) {
                    failed.set(true);
                    throw e;
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return latencies;
    }
}
