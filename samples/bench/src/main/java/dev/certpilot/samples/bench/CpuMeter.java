package dev.certpilot.samples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/**
 * CPU time spent so far, split between the CA and this JVM: the bundled CA's threads in this JVM (its HTTPS server,
 * the JDK server's dispatcher, its DNS server), or Pebble's processes, children of this JVM. Measured before and
 * after a run, it tells what a certificate costs the CA and what it costs the client, whatever the wall time says.
 */
final class CpuMeter {

    private static final List<String> CA_THREADS = List.of("test-ca", "test-dns", "HTTP-Dispatcher");

    private CpuMeter() {
    }

    /**
     * CPU time used so far.
     *
     * @param caThreadNanos  the bundled CA's threads in this JVM
     * @param caProcessNanos Pebble's processes
     * @param jvmNanos       this whole JVM, the bundled CA's threads included
     */
    record Sample(long caThreadNanos, long caProcessNanos, long jvmNanos) {

        /** What was used between {@code earlier} and this sample. */
        Sample since(Sample earlier) {
            return new Sample(caThreadNanos - earlier.caThreadNanos, caProcessNanos - earlier.caProcessNanos,
                    jvmNanos - earlier.jvmNanos);
        }

        /** The CA's CPU time, wherever it runs. */
        Duration ca() {
            return Duration.ofNanos(caThreadNanos + caProcessNanos);
        }

        /** This JVM's CPU time but the bundled CA's: the client, the JIT compilers, the garbage collector. */
        Duration client() {
            return Duration.ofNanos(jvmNanos - caThreadNanos);
        }
    }

    /** The CPU time used so far by the CA (threads here or Pebble's processes) and by this JVM. */
    static Sample sample() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long caThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && CA_THREADS.stream().anyMatch(info.getThreadName()::startsWith)) {
                caThreads += Math.max(threads.getThreadCpuTime(info.getThreadId()), 0);
            }
        }
        long pebble = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("pebble")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Sample(caThreads, pebble, jvm);
    }
}
