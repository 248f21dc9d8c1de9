package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateState;
import dev.certpilot.spi.CertificateRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps {@link CertificateRecord#nextRenewalAt()} equal to the next time the scheduler has work for the
 * certificate: the earliest of its planned renewal, its next ARI poll (both only with auto-renew and no job in
 * flight), its next delivery retry and its next health check; none unless it is {@code ISSUED}. The store can index
 * that one column, so a scheduler tick reads only certificates with due work, however many there are. Every writer
 * of a certificate passes it through {@link #apply}.
 */
public final class Wakeups {

    private Wakeups() {
    }

    /** The next time the scheduler has work for the certificate, if any. */
    public static Optional<Instant> next(CertificateRecord r) {
        if (r.state() != CertificateState.ISSUED) {
            return Optional.empty();
        }
        Instant next = Attributes.instant(r.attributes(), Attributes.HEALTH_CHECK_AT).orElse(null);
        if (!Attributes.list(r.attributes(), Attributes.DISTRIBUTION_PENDING).isEmpty()) {
            next = earliest(next, Attributes.instant(r.attributes(), Attributes.DISTRIBUTION_RETRY_AT)
                    .orElse(Instant.EPOCH));
        }
        if (r.autoRenew() && r.activeJobId().isEmpty()) {
            Optional<RenewalPlan> plan = RenewalPlan.of(r.attributes());
            if (plan.isPresent()) {
                next = earliest(next, plan.get().at());
                next = earliest(next, plan.get().ariPollAt().orElse(null));
            } else {
                // a record from before renewal plans: its renewal time is the column itself
                next = earliest(next, r.nextRenewalAt().orElse(null));
            }
        }
        return Optional.ofNullable(next);
    }

    /** The record with {@code nextRenewalAt} recomputed. */
    public static CertificateRecord apply(CertificateRecord r) {
        Optional<Instant> next = next(r);
        return next.equals(r.nextRenewalAt()) ? r : r.toBuilder().nextRenewalAt(next.orElse(null)).build();
    }

    /**
     * The planned renewal time users see: the plan's, else the column of a record from before plans; none without
     * auto-renew, while a job is in flight, or unless {@code ISSUED}. Never earlier than {@link #next}.
     */
    public static Optional<Instant> plannedRenewal(CertificateRecord r) {
        if (!r.autoRenew() || r.state() != CertificateState.ISSUED || r.activeJobId().isPresent()) {
            return Optional.empty();
        }
        Optional<RenewalPlan> plan = RenewalPlan.of(r.attributes());
        return plan.isPresent() ? plan.map(RenewalPlan::at) : r.nextRenewalAt();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
