package dev.certpilot;

import java.time.Duration;
import java.util.Objects;

/**
 * When a certificate's {@link CertificateHealth} turns {@link HealthStatus#WARNING} and
 * {@link HealthStatus#CRITICAL}. Both thresholds are stated for a {@linkplain #REFERENCE_LIFETIME 90-day}
 * certificate and shrink in proportion to the lifetime of shorter-lived ones, so that a 6-day certificate is not
 * permanently critical: with the defaults (30 and 7 days) a 45-day certificate warns at 15 days left and is
 * critical at 3.5 days, a 6-day certificate warns at 2 days and is critical at 11.2 hours. Longer lifetimes use
 * the thresholds as given.
 *
 * @param warning  time left at which an issued certificate becomes {@code WARNING} (default 30 days)
 * @param critical time left at which it becomes {@code CRITICAL} (default 7 days); not above {@code warning}
 */
public record HealthThresholds(Duration warning, Duration critical) {

    /** The lifetime the thresholds are stated for: 90 days. */
    public static final Duration REFERENCE_LIFETIME = Duration.ofDays(90);

    /**
     * Validates the thresholds.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} when one is not positive or critical exceeds
     *                            warning
     */
    public HealthThresholds {
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        if (warning.isNegative() || warning.isZero() || critical.isNegative() || critical.isZero()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "health thresholds must be positive");
        }
        if (critical.compareTo(warning) > 0) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "the critical threshold " + critical
                    + " must not exceed the warning threshold " + warning);
        }
    }

    /** Warning at 30 days left, critical at 7 (for a 90-day certificate). */
    public static HealthThresholds defaults() {
        return new HealthThresholds(Duration.ofDays(30), Duration.ofDays(7));
    }

    /** The warning threshold for a certificate with this lifetime. */
    public Duration warningFor(Duration lifetime) {
        return scaled(warning, lifetime);
    }

    /** The critical threshold for a certificate with this lifetime. */
    public Duration criticalFor(Duration lifetime) {
        return scaled(critical, lifetime);
    }

    private static Duration scaled(Duration threshold, Duration lifetime) {
        if (lifetime.compareTo(REFERENCE_LIFETIME) >= 0 || lifetime.isNegative()) {
            return threshold;
        }
        // below 90 days: threshold * lifetime / 90 d (milliseconds times seconds stays far below Long.MAX_VALUE)
        return Duration.ofMillis(threshold.toMillis() * lifetime.toSeconds() / REFERENCE_LIFETIME.toSeconds());
    }
}
