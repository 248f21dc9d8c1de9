package dev.certpilot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a certificate is doing at one instant: its {@link HealthStatus} class, the time left until the current
 * certificate's {@code notAfter}, and a short reason for humans. See {@link HealthStatus} for the rules.
 *
 * @param status   the class
 * @param timeLeft time until {@code notAfter} (negative once past it); empty when nothing was issued yet
 * @param reason   why, e.g. {@code "expires in 12 d 3 h"} or {@code "renewal failing (CA_ERROR), expires in 5 d"}
 * @param at       the instant the health was evaluated at (the manager's clock)
 */
public record CertificateHealth(HealthStatus status, Optional<Duration> timeLeft, String reason, Instant at) {

    /** Validates the components. */
    public CertificateHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timeLeft, "timeLeft");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Whole days left until {@code notAfter}, rounded down (0 on the last day, negative once expired); empty when
     * nothing was issued yet.
     */
    public OptionalLong daysLeft() {
        return timeLeft.map(d -> OptionalLong.of(Math.floorDiv(d.getSeconds(), 86_400L))).orElse(OptionalLong.empty());
    }
}
