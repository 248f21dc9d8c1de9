package dev.certpilot.testca;

/** Optional abilities an {@link AcmeTestEnvironment} may have. Real Pebble 2.4 has none of them. */
public enum Capability {
    /** ACME Renewal Information (RFC 9773): {@code renewalInfo} in the directory, {@code replaces} in newOrder. */
    ARI,
    /** ACME profiles ({@code meta.profiles}, {@code profile} in newOrder). */
    PROFILES,
    /** Simulated rate limits answered with 429, {@code rateLimited} and {@code Retry-After}. */
    RATE_LIMITS,
    /** Scripted faults (5xx, delays) on chosen endpoints. */
    FAULTS,
    /** An event log tests can assert on. */
    EVENT_LOG,
    /** {@code Retry-After} on pending resources. */
    RETRY_AFTER
}
