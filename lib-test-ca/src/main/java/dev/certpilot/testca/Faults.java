package dev.certpilot.testca;

import java.time.Duration;

/**
 * Scripted faults of a {@link TestCa}: the next requests to an endpoint fail with an HTTP error or are answered
 * slowly. Scripts of one endpoint are consumed in the order they were added; a failed request is answered before
 * its JWS is looked at, so the client's nonce is not consumed. Every injected fault is logged as a
 * {@link CaEvent.Type#FAULT_INJECTED} event. Thread-safe.
 */
public interface Faults {

    /**
     * The next {@code count} requests to {@code endpoint} are answered with {@code status} and a problem document
     * ({@code serverInternal} for 5xx, {@code rateLimited} with {@code Retry-After: 1} for 429, else
     * {@code malformed}).
     *
     * @throws IllegalArgumentException when {@code count < 1} or {@code status} is not in 400..599
     */
    Faults failNext(Endpoint endpoint, int count, int status);

    /**
     * The next {@code count} requests to {@code endpoint} are held for {@code delay} (real time) before they are
     * processed normally.
     *
     * @throws IllegalArgumentException when {@code count < 1} or {@code delay} is negative
     */
    Faults delayNext(Endpoint endpoint, int count, Duration delay);

    /** Drops every scripted fault not yet consumed. */
    void clear();

    /** How many scripted faults are still waiting for {@code endpoint}. */
    int pending(Endpoint endpoint);
}
