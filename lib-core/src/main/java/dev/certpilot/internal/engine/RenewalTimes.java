package dev.certpilot.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * When an issued certificate is due for renewal, before the CA's renewal information (ARI) is known: when
 * {@code 1/fraction} of its lifetime remains (a third by default: 30 days of a 90-day certificate, 15 of a 45-day
 * one, 2 of a 6-day one).
 *
 * @param remainingFraction the share of the lifetime left when renewal is due, e.g. 3 for a third
 */
public record RenewalTimes(int remainingFraction) {

    /** Checks the fraction. */
    public RenewalTimes {
        if (remainingFraction < 2) {
            throw new IllegalArgumentException("remainingFraction must be at least 2");
        }
    }

    /** The default: renew when a third of the lifetime remains. */
    public static RenewalTimes defaults() {
        return new RenewalTimes(3);
    }

    /** When a certificate valid from {@code notBefore} to {@code notAfter} is due. */
    public Instant dueAt(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        return notAfter.minus(lifetime.dividedBy(remainingFraction));
    }
}
