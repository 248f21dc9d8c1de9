package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateHealth;
import dev.certpilot.EventType;
import dev.certpilot.HealthStatus;
import dev.certpilot.spi.CertificateRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Announces changes of a certificate's health class with {@code cert.health_changed}, remembering the last class
 * announced in its attributes, and when the class may change next by time alone (a threshold crossed): that time
 * is one of the certificate's {@link Wakeups}, so the scheduler looks at a certificate's health only when it may
 * have changed, never at every certificate. Certificates never issued are not tracked; an untracked certificate
 * counts as {@code OK}, so a healthy new certificate announces nothing.
 */
public final class HealthTracker {

    private final HealthRules rules;

    /** A tracker with these rules. */
    public HealthTracker(HealthRules rules) {
        this.rules = rules;
    }

    /** The rules. */
    public HealthRules rules() {
        return rules;
    }

    /**
     * A record about to be written, with its health class at {@code now} recorded, and the event announcing a
     * change (details {@code from}, {@code to}, {@code reason}, {@code daysLeft}).
     *
     * @param record the record to write
     * @param event  the announcement, if the class changed
     */
    public record Tracked(CertificateRecord record, Optional<CertificateEvent> event) {
    }

    /** Whether the certificate's health may have changed by {@code now} (its check time has come). */
    public static boolean due(CertificateRecord r, Instant now) {
        return Attributes.instant(r.attributes(), Attributes.HEALTH_CHECK_AT).filter(t -> !t.isAfter(now)).isPresent();
    }

    /**
     * Tracks the health of {@code next}, the record about to be written; the record returned has its
     * {@code nextRenewalAt} recomputed ({@link Wakeups#apply}).
     */
    public Tracked track(CertificateRecord next, Instant now) {
        if (next.version() == 0) {
            return new Tracked(Wakeups.apply(next), Optional.empty());
        }
        Optional<Instant> checkAt = rules.nextCheck(next, now);
        String previous = next.attributes().getOrDefault(Attributes.HEALTH, HealthStatus.OK.name());
        HealthStatus status = rules.status(next, now);
        boolean sameCheck = checkAt.equals(Attributes.instant(next.attributes(), Attributes.HEALTH_CHECK_AT));
        if (previous.equals(status.name()) && sameCheck) {
            return new Tracked(Wakeups.apply(next), Optional.empty());
        }
        Map<String, String> attributes = Attributes.copy(next.attributes());
        Attributes.put(attributes, Attributes.HEALTH_CHECK_AT, checkAt.orElse(null));
        if (previous.equals(status.name())) {
            return new Tracked(Wakeups.apply(next.toBuilder().attributes(attributes).build()), Optional.empty());
        }
        CertificateHealth health = rules.evaluate(next, now);
        attributes.put(Attributes.HEALTH, health.status().name());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", previous);
        details.put("to", health.status().name());
        details.put("reason", health.reason());
        health.daysLeft().ifPresent(d -> details.put("daysLeft", Long.toString(d)));
        return new Tracked(Wakeups.apply(next.toBuilder().attributes(attributes).build()),
                Optional.of(CertificateEvent.of(next.id(), EventType.HEALTH_CHANGED, now, details)));
    }
}
