package dev.certpilot.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void cpuOfTheBundledCasThreadsCountsAsTheCasNotTheClients() throws Exception {
        // a thread named like the bundled CA's spins until the meter has seen enough of its time
        AtomicBoolean stop = new AtomicBoolean();
        Thread ca = new Thread(() -> spinUntil(stop), "test-ca-http-burn");
        CpuMeter.Sample before = CpuMeter.sample();
        long mine = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        ca.start();
        CpuMeter.Sample used;
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            for (int i = 0; i < 1_000_000; i++) {
                Thread.onSpinWait();
            }
            used = CpuMeter.sample().since(before);
        } while ((used.ca().toMillis() < 60
                || ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mine < 60_000_000L)
                && System.nanoTime() < deadline);
        stop.set(true);
        ca.join();

        assertThat(used.ca()).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        // this thread spun too: the JVM's time without the CA's threads is the client's
        assertThat(used.client()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void sinceSubtractsEveryPart() {
        CpuMeter.Sample a = new CpuMeter.Sample(10, 20, 100);
        CpuMeter.Sample b = new CpuMeter.Sample(15, 50, 180);
        CpuMeter.Sample d = b.since(a);
        assertThat(d.ca()).isEqualTo(Duration.ofNanos(5 + 30));
        assertThat(d.client()).isEqualTo(Duration.ofNanos(80 - 5));
    }

    private static void spinUntil(AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
    }
}
