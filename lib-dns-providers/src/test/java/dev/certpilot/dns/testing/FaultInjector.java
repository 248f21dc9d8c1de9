package dev.certpilot.dns.testing;

/**
 * Makes the service behind a provider fail on demand, for the contract's retry and outage tests. For HTTP services
 * {@link WireMockFaults} does it in front of a stub or a real server.
 */
public interface FaultInjector {

    /** The next {@code count} requests fail with a transient error (HTTP 503), later ones reach the service. */
    void failNext(int count);

    /** Every request fails until {@link #heal()}. */
    void failAlways();

    /** Ends all injected failures. */
    void heal();

    /** How many injected failures have been served so far. */
    int failuresServed();

    /**
     * Whether {@link #failNext} is meaningful: false for services whose failures are not retried by design (an exec
     * hook's non-zero exit); the contract's retry test is then skipped.
     */
    default boolean supportsTransientFailures() {
        return true;
    }
}
