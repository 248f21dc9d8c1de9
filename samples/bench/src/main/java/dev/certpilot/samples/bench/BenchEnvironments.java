package dev.certpilot.samples.bench;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.TestCa;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environments the benchmark knows, by name. Every one is started with no rejected nonces and no reused
 * authorizations, so each certificate costs the same protocol steps everywhere.
 */
final class BenchEnvironments {

    private BenchEnvironments() {
    }

    /**
     * Name to starter, in the order runs are reported. The last one is the reference every other environment's
     * throughput is divided by, so real Pebble stays last.
     */
    static Map<String, Supplier<AcmeTestEnvironment>> all() {
        Map<String, Supplier<AcmeTestEnvironment>> environments = new LinkedHashMap<>();
        environments.put("bundled", () -> TestCa.builder().start());
        environments.put("pebble", () -> PebbleLauncher.builder().nonceRejectPercent(0).authzReusePercent(0).start());
        return environments;
    }
}
