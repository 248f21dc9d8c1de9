package dev.certpilot.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunResultTest {

    @Test
    void takesNearestRankPercentilesAndThroughputOverTheWallTime() {
        long[] latencies = new long[100];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }

        RunResult result = RunResult.of("env", "work", 4, Duration.ofSeconds(4), latencies);

        assertThat(result.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(result.p95()).isEqualTo(Duration.ofMillis(95));
        assertThat(result.certsPerSecond()).isCloseTo(25.0, within(1e-9));
        assertThat(RunResult.percentile(new long[] {7}, 95)).isEqualTo(7);
    }
}
