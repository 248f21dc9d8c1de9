package dev.certpilot.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.Checkpoints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the store overhead benchmark honest between runs: a few issuances through each default store (the real
 * embedded databases), results per store and a summary against the in-memory reference. Not a measurement.
 */
@Timeout(180)
class StoreOverheadBenchTest {

    @Test
    void issuesThroughEveryStoreAndComparesEachWithMemory() throws Exception {
        StoreOverheadBench.Options o = StoreOverheadBench.Options.parse(new String[] {"--certs", "3", "--warmup", "1",
                "--rounds", "1", "--concurrency", "2", "--jvm-warmup", "0"});
        assertThat(o.stores()).containsExactly("memory", "h2", "postgres", "mariadb");

        Map<String, List<RunResult>> results = StoreOverheadBench.run(o, 2);

        assertThat(results.keySet()).containsExactly("memory", "h2", "postgres", "mariadb");
        assertThat(results.values()).allSatisfy(runs -> assertThat(runs).singleElement()
                .satisfies(r -> assertThat(r.certificates()).isEqualTo(3)));
        String summary = StoreOverheadBench.summary(results, 2);
        assertThat(summary.lines()).hasSize(4);
        assertThat(summary).contains("c=2   memory").contains("1.00x memory").contains("c=2   mariadb");
    }

    @Test
    void theReferenceComesFirstAndUnknownStoresAreRefused() {
        assertThatThrownBy(() -> StoreOverheadBench.Options.parse(new String[] {"--stores", "h2,memory"}))
                .hasMessage("--stores must start with memory, the reference");
        assertThatThrownBy(() -> StoreOverheadBench.Options.parse(new String[] {"--stores", "memory,oracle"}))
                .hasMessageStartingWith("unknown store oracle; known: [memory, h2, h2-delayed");
    }

    @Test
    void checkpointsDefaultToEssentialAndEveryStepCanBeAskedFor() {
        assertThat(StoreOverheadBench.Options.parse(new String[0]).checkpoints()).isEqualTo(Checkpoints.ESSENTIAL);
        assertThat(StoreOverheadBench.Options.parse(new String[] {"--checkpoints", "every-step"}).checkpoints())
                .isEqualTo(Checkpoints.EVERY_STEP);
        assertThatThrownBy(() -> StoreOverheadBench.Options.parse(new String[] {"--checkpoints", "some"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMedianPerCertificateIsTakenOverRuns() {
        RunResult fast = RunResult.of("e", "w", 1, java.time.Duration.ofMillis(100), new long[] {1, 1});
        RunResult slow = RunResult.of("e", "w", 1, java.time.Duration.ofMillis(300), new long[] {1, 1});
        RunResult mid = RunResult.of("e", "w", 1, java.time.Duration.ofMillis(200), new long[] {1, 1});
        assertThat(StoreOverheadBench.medianMillisPerCert(List.of(slow, fast, mid))).isEqualTo(100.0);
        assertThat(StoreOverheadBench.medianMillisPerCert(List.of(slow, fast))).isEqualTo(100.0);
    }
}
