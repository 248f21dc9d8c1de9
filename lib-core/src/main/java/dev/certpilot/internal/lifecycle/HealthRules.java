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
        Optional<Duration> left = r.notAfter().map(na -> Duration.between(now, na));
        switch (r.state()) {
            case EXPIRED:
                return new CertificateHealth(HealthStatus.CRITICAL, left, "expired", now);
            case FAILED:
                return new CertificateHealth(HealthStatus.CRITICAL, left, "issuance failed"
                        + r.failure().map(f -> " (" + f.code() + ")").orElse(""), now);
            case ISSUED:
                break;
            default:
                return new CertificateHealth(HealthStatus.INACTIVE, left, r.state().name().toLowerCase(
                        java.util.Locale.ROOT).replace('_', ' '), now);
        }
        if (left.isEmpty() || r.notBefore().isEmpty()) {
            return new CertificateHealth(HealthStatus.CRITICAL, left, "issued without a validity period", now);
        }
        Duration lifetime = Duration.between(r.notBefore().get(), r.notAfter().get());
        Duration timeLeft = left.get();
        boolean failing = r.failure().isPresent();
        String expires = timeLeft.isNegative() || timeLeft.isZero() ? "expired " + human(timeLeft.negated()) + " ago"
                : "expires in " + human(timeLeft);
        String why = failing ? "renewal failing (" + r.failure().get().code() + "), " + expires : expires;
        HealthStatus status;
        if (timeLeft.compareTo(thresholds.criticalFor(lifetime)) <= 0) {
            status = HealthStatus.CRITICAL;
        } else if (timeLeft.compareTo(thresholds.warningFor(lifetime)) <= 0) {
            status = failing ? HealthStatus.CRITICAL : HealthStatus.WARNING;
        } else {
            status = failing ? HealthStatus.WARNING : HealthStatus.OK;
        }
        return new CertificateHealth(status, left, why, now);
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
