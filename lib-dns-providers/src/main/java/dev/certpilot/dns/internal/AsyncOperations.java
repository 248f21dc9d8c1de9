package dev.certpilot.dns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.Sleeper;
import dev.certpilot.spi.DnsProviderException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Follows an asynchronous change a DNS API answered with (Exoscale's operations, Hetzner Cloud's actions) until it
 * is no longer running: read again at once the first time (DNS changes are quick), then after a pause with the
 * provider's sleeper, a bounded number of times. What the final state means is the caller's to judge.
 */
public final class AsyncOperations {

    private AsyncOperations() {
    }

    /**
     * The operation's last state once {@code running} no longer holds.
     *
     * @param provider the provider's name, for errors
     * @param what     the operation as errors name it, e.g. {@code "operation 42"}
     * @param first    the state the change was answered with
     * @param running  whether a state is still in progress
     * @param reread   reads the current state (given the last one)
     * @param sleeper  pauses between reads
     * @param interval pause between reads after the first
     * @param maxReads how many reads at most
     * @throws DnsProviderException still running after {@code maxReads} reads, or interrupted while pausing
     */
    public static JsonNode await(String provider, String what, JsonNode first, Predicate<JsonNode> running,
                                 UnaryOperator<JsonNode> reread, Sleeper sleeper, Duration interval, int maxReads) {
        JsonNode state = first;
        for (int read = 0; running.test(state); read++) {
            if (read >= maxReads) {
                throw new DnsProviderException(provider, what + " is still in progress after " + maxReads + " polls",
                        null);
            }
            if (read > 0) {
                try {
                    sleeper.sleep(interval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DnsProviderException(provider, "interrupted while waiting for " + what, e);
                }
            }
            state = reread.apply(state);
        }
        return state;
    }
}
