package dev.certpilot.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.it.PebbleEnvironments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeps the benchmark honest between runs: a few real issuances against Pebble through the same code path. */
@Timeout(60)
class RawAcme4jWorkloadTest {

    @Test
    void issuesEveryCertificateItCounts() throws Exception {
        PebbleEnvironments.requirePebble();
        try (PebbleLauncher.Running pebble = PebbleLauncher.builder().nonceRejectPercent(0).authzReusePercent(0).start();
             IssuanceWorkload workload = RawAcme4jWorkload.open(pebble)) {

            RunResult result = new IssuanceBenchmark(1, 4, 2).run("pebble", workload);

            assertThat(result.certificates()).isEqualTo(4);
            assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p95());
            assertThat(result.certsPerSecond()).isPositive();
        }
    }
}
