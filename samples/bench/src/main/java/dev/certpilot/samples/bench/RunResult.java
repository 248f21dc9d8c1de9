package dev.certpilot.samples.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one measured run produced.
 *
 * @param environment  the environment's name
 * @param workload     the workload's name
 * @param concurrency  how many certificates were in flight at once
 * @param certificates how many certificates were obtained (failures abort the run)
 * @param wall         time from the first request to the last certificate
 * @param p50          median latency of one certificate (order to downloaded chain)
 * @param p95          95th percentile of that latency
 * @param caCpu        CPU time the CA spent during the run (zero when not measured)
 * @param clientCpu    CPU time the client's JVM spent during the run, the bundled CA's threads excluded (zero when
 *                     not measured)
 */
public record RunResult(String environment, String workload, int concurrency, int certificates, Duration wall,
                        Duration p50, Duration p95, Duration caCpu, Duration clientCpu) {

    /** Builds a result from per-certificate latencies in nanoseconds, without CPU figures. */
    public static RunResult of(String environment, String workload, int concurrency, Duration wall, long[] latencyNanos) {
        return of(environment, workload, concurrency, wall, latencyNanos, Duration.ZERO, Duration.ZERO);
    }

    /** Builds a result from per-certificate latencies in nanoseconds and the CPU time of the CA and the client. */
    public static RunResult of(String environment, String workload, int concurrency, Duration wall, long[] latencyNanos,
                               Duration caCpu, Duration clientCpu) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new RunResult(environment, workload, concurrency, sorted.length, wall,
                Duration.ofNanos(percentile(sorted, 50)), Duration.ofNanos(percentile(sorted, 95)), caCpu, clientCpu);
    }

    /** The CA's CPU milliseconds per certificate. */
    public double caCpuMillisPerCert() {
        return caCpu.toNanos() / 1e6 / certificates;
    }

    /** The client's CPU milliseconds per certificate. */
    public double clientCpuMillisPerCert() {
        return clientCpu.toNanos() / 1e6 / certificates;
    }

    /** Certificates per second over the wall time. */
    public double certsPerSecond() {
        return certificates / (wall.toNanos() / 1e9);
    }

    /** Nearest-rank percentile of sorted values (1 <= p <= 100). */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** One report line. */
    public String line() {
        return String.format(Locale.ROOT, "%-8s %-11s c=%-3d n=%-5d %8.1f certs/s   p50 %6.1f ms   p95 %6.1f ms   wall %6.2f s",
                environment, workload, concurrency, certificates, certsPerSecond(), p50.toNanos() / 1e6,
                p95.toNanos() / 1e6, wall.toNanos() / 1e9);
    }
}
