package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateHealth;
import dev.certpilot.CertificateState;
import dev.certpilot.HealthStatus;
import dev.certpilot.HealthThresholds;
import dev.certpilot.spi.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Evaluates {@link CertificateHealth} by the rules documented on {@link HealthStatus}. Thread-safe. */
public final class HealthRules {

    private final HealthThresholds thresholds;

    /** Rules with these thresholds. */
    public HealthRules(HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The thresholds. */
    public HealthThresholds thresholds() {
        return thresholds;
    }

    /** The health of {@code r} at {@code now}. */
    public CertificateHealth evaluate(CertificateRecord r, Instant now) {
        return new CertificateHealth(status(r, now), r.notAfter().map(na -> Duration.between(now, na)),
                reason(r, now), now);
    }

    /** The class alone (no reason text): what the scheduler checks for every certificate near expiry. */
    public HealthStatus status(CertificateRecord r, Instant now) {
        switch (r.state()) {
            case EXPIRED:
            case FAILED:
                return HealthStatus.CRITICAL;
            case ISSUED:
                break;
            default:
                return HealthStatus.INACTIVE;
        }
        if (r.notAfter().isEmpty() || r.notBefore().isEmpty()) {
            return HealthStatus.CRITICAL;
        }
        Duration lifetime = Duration.between(r.notBefore().get(), r.notAfter().get());
        Duration timeLeft = Duration.between(now, r.notAfter().get());
        if (r.failure().isPresent()) {
            return timeLeft.compareTo(thresholds.warningFor(lifetime)) <= 0 ? HealthStatus.CRITICAL
                    : HealthStatus.WARNING;
        }
        if (timeLeft.compareTo(thresholds.criticalFor(lifetime)) <= 0) {
            return HealthStatus.CRITICAL;
        }
        return timeLeft.compareTo(warning(r, lifetime)) <= 0 ? HealthStatus.WARNING : HealthStatus.OK;
    }

    /**
     * The warning threshold of a certificate that is not failing: the configured one, or, with auto-renew, the time
     * its renewal window leaves before expiry when that is less (a CA's ARI window may end after the threshold: a
     * renewal planned by the CA is not late), but never less than the critical threshold.
     */
    private Duration warning(CertificateRecord r, Duration lifetime) {
        Duration warning = thresholds.warningFor(lifetime);
        if (r.autoRenew()) {
            Optional<RenewalPlan> plan = RenewalPlan.of(r.attributes())
                    .filter(p -> p.source() != RenewalPlan.Source.RETRY);
            if (plan.isPresent()) {
                Duration afterWindow = Duration.between(plan.get().windowEnd(), r.notAfter().get());
                Duration critical = thresholds.criticalFor(lifetime);
                if (afterWindow.compareTo(warning) < 0) {
                    warning = afterWindow.compareTo(critical) > 0 ? afterWindow : critical;
                }
            }
        }
        return warning;
    }

    /**
     * When the class of {@code r} may next change by time alone: the first threshold (warning, then critical) it
     * crosses after {@code now}; empty when none is left or it is not issued. (Expiry itself is found by the
     * scheduler through {@code notAfter}.)
     */
    public Optional<Instant> nextCheck(CertificateRecord r, Instant now) {
        if (r.state() != CertificateState.ISSUED || r.notAfter().isEmpty() || r.notBefore().isEmpty()) {
            return Optional.empty();
        }
        Duration lifetime = Duration.between(r.notBefore().get(), r.notAfter().get());
        Instant warning = r.notAfter().get().minus(r.failure().isPresent() ? thresholds.warningFor(lifetime)
                : warning(r, lifetime));
        Instant critical = r.notAfter().get().minus(thresholds.criticalFor(lifetime));
        if (warning.isAfter(now)) {
            return Optional.of(warning);
        }
        return critical.isAfter(now) ? Optional.of(critical) : Optional.empty();
    }

    private static String reason(CertificateRecord r, Instant now) {
        switch (r.state()) {
            case EXPIRED:
                return "expired";
            case FAILED:
                return "issuance failed" + r.failure().map(f -> " (" + f.code() + ")").orElse("");
            case ISSUED:
                break;
            default:
                return r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
        if (r.notAfter().isEmpty() || r.notBefore().isEmpty()) {
            return "issued without a validity period";
        }
        Duration timeLeft = Duration.between(now, r.notAfter().get());
        String expires = timeLeft.isNegative() || timeLeft.isZero() ? "expired " + human(timeLeft.negated()) + " ago"
                : "expires in " + human(timeLeft);
        return r.failure().map(f -> "renewal failing (" + f.code() + "), " + expires).orElse(expires);
    }

    /** {@code 12 d 3 h}, {@code 5 h 2 min}, {@code 40 s}. */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes > 0 ? minutes + " min" : s + " s";
    }
}
