package dev.certpilot.testca.internal;

import dev.certpilot.testca.RateLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of a test CA, as validated by {@code TestCa.Builder}.
 *
 * @param host                   listen address of the ACME and management listeners
 * @param acmePort               ACME HTTPS port, 0 for a free one
 * @param managementPort         management HTTPS port, 0 for a free one, -1 for none
 * @param clock                  the CA's clock
 * @param seed                   seed of every random choice
 * @param nonceRejectPercent     share of good nonces rejected with badNonce, 0..100
 * @param authzReusePercent      share of new authorizations replaced by a reusable valid one, 0..100
 * @param validationDelayMin     lower bound of the delay before a validation attempt
 * @param validationDelayMax     upper bound of that delay (equal to min for a fixed delay)
 * @param validationAttempts     how many attempts a validation makes before the challenge fails
 * @param validationRetryInterval wait between attempts
 * @param eabKeys                EAB MAC keys (base64url) by key id; kept secret
 * @param eabRequired            whether newAccount requires EAB
 * @param profiles               profile name to certificate validity, in directory order
 * @param defaultProfile         profile used when an order names none
 * @param rateLimits             simulated rate limits
 * @param dnsResolver            where dns-01 (and http-01 name) lookups go
 * @param httpPort               port http-01 validations connect to
 * @param orderLifetime          how long a new order stays usable
 * @param authzLifetime          how long a pending authorization stays usable
 * @param validAuthzLifetime     how long a valid authorization can be reused
 * @param chains                 how many chains (issuing roots) each certificate has
 * @param retryAfter             Retry-After sent on pending/processing resources
 * @param maxBodyBytes           largest accepted request body
 * @param issuanceDelay          time between finalize and issuance; zero issues within the finalize request
 */
public record CaSettings(InetAddress host, int acmePort, int managementPort, Clock clock, long seed,
                         int nonceRejectPercent, int authzReusePercent,
                         Duration validationDelayMin, Duration validationDelayMax,
                         int validationAttempts, Duration validationRetryInterval,
                         Map<String, String> eabKeys, boolean eabRequired,
                         Map<String, Duration> profiles, String defaultProfile, RateLimits rateLimits,
                         InetSocketAddress dnsResolver, int httpPort, Duration orderLifetime, Duration authzLifetime,
                         Duration validAuthzLifetime, int chains, Duration retryAfter, int maxBodyBytes,
                         Duration issuanceDelay) {

    /** Validates the components. */
    public CaSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(dnsResolver, "dnsResolver");
        percent(nonceRejectPercent, "nonceRejectPercent");
        percent(authzReusePercent, "authzReusePercent");
        if (validationDelayMin.isNegative() || validationDelayMax.compareTo(validationDelayMin) < 0) {
            throw new IllegalArgumentException("validation delay bounds must satisfy 0 <= min <= max");
        }
        if (validationAttempts < 1) {
            throw new IllegalArgumentException("validationAttempts must be at least 1");
        }
        eabKeys = Map.copyOf(eabKeys);
        if (eabRequired && eabKeys.isEmpty()) {
            throw new IllegalArgumentException("EAB is required but no EAB key is configured");
        }
        profiles = new LinkedHashMap<>(profiles);
        if (!profiles.containsKey(defaultProfile)) {
            throw new IllegalArgumentException("default profile " + defaultProfile + " is not configured");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains must be at least 1");
        }
        if (issuanceDelay.isNegative()) {
            throw new IllegalArgumentException("issuanceDelay must not be negative");
        }
        if (retryAfter.getSeconds() < 1) {
            throw new IllegalArgumentException("retryAfter must be at least one second (clients round down)");
        }
    }

    private static void percent(int value, String name) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be within 0..100: " + value);
        }
    }

    /** Never prints the EAB keys. */
    @Override
    public String toString() {
        return "CaSettings[host=" + host + ", acmePort=" + acmePort + ", eabKids=" + eabKeys.keySet()
                + ", profiles=" + profiles.keySet() + ", resolver=" + dnsResolver + "]";
    }
}
