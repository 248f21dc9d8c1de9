package dev.certpilot.testca;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Throwaway throughput probe (not a benchmark): {@code -Dprobe=true -Dprobe.certs=1000 -Dprobe.threads=8}.
 * Issues single-name EC P-256 certificates with acme4j against an in-process CA and prints certs/s.
 * {@code -Dprobe.shared=true} makes all threads share one acme4j session and account.
 */
@EnabledIfSystemProperty(named = "probe", matches = "true")
class ThroughputProbe {
    @Test
    void probe() throws Exception {
        int certs = Integer.getInteger("probe.certs", 1000);
        int threads = Integer.getInteger("probe.threads", 8);
        try (TestCa ca = TestCa.start()) {
            warmUp(ca);
            boolean shared = Boolean.getBoolean("probe.shared");
            var sharedSession = Acme4j.session(ca);
            var sharedAccount = Acme4j.account(sharedSession);
            for (int t : new int[] {1, threads}) {
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(t);
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < t; i++) {
                    futures.add(pool.submit(() -> {
                        var account = shared ? sharedAccount : Acme4j.account(Acme4j.session(ca));
                        int n;
                        while ((n = next.getAndIncrement()) < certs) {
                            Acme4j.issue(ca, account, KeyPairUtils.createECKeyPair("secp256r1"),
                                    "t" + t + "-" + n + ".example.test");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                System.out.printf("threads=%d shared=%s certs=%d seconds=%.2f certs/s=%.1f%n", t, shared, certs,
                        seconds, certs / seconds);
            }
        }
    }

    private static void warmUp(TestCa ca) throws Exception {
        var session = Acme4j.session(ca);
        var account = Acme4j.account(session);
        for (int i = 0; i < 200; i++) {
            Acme4j.issue(ca, account, KeyPairUtils.createECKeyPair("secp256r1"), "warm" + i + ".example.test");
        }
    }
}
