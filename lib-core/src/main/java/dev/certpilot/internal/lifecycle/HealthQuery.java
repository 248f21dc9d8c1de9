package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.HealthStatus;
import dev.certpilot.spi.CertificateRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the time-dependent criteria of a {@link CertificateFilter} ({@link CertificateFilter#health()} and the
 * planned renewal time behind {@link CertificateFilter#renewalDueBy()}) into criteria every store understands: a
 * few store filters whose union holds every match (states, {@code notAfter} bounds, {@code failing}), and the exact
 * test the results are checked with. Stores stay unchanged.
 *
 * @param sources store filters without time-dependent criteria; their union holds every match
 * @param exact   the exact test
 */
public record HealthQuery(List<CertificateFilter> sources, Predicate<CertificateRecord> exact) {

    private static final Set<CertificateState> INACTIVE_STATES = EnumSet.of(CertificateState.PENDING_APPROVAL,
            CertificateState.PENDING, CertificateState.VALIDATING, CertificateState.AWAITING_MANUAL_DNS,
            CertificateState.REVOKED, CertificateState.REJECTED);

    /** Whether the filter needs translating (else a store can answer it as it is). */
    public static boolean needed(CertificateFilter filter) {
        return !filter.health().isEmpty() || filter.renewalDueBy().isPresent();
    }

    /** The query for {@code filter} evaluated at {@code now}. */
    public static HealthQuery of(CertificateFilter filter, HealthRules rules, Instant now) {
        CertificateFilter base = new CertificateFilter(filter.states(), filter.tenant(), filter.name(),
                filter.labels(), filter.issuer(), filter.autoRenew(), filter.notAfterBefore(),
                filter.notAfterOnOrAfter(), filter.renewalDueBy(), filter.hasActiveJob(), filter.failing(),
                filter.keyNotWrappedBy(), Set.of());
        Predicate<CertificateRecord> exact = r -> true;
        if (filter.renewalDueBy().isPresent()) {
            Instant by = filter.renewalDueBy().get();
            // the column is never later than the planned time, so the store's criterion keeps every match
            exact = r -> Wakeups.plannedRenewal(r).filter(t -> !t.isAfter(by)).isPresent();
        }
        if (filter.health().isEmpty()) {
            return new HealthQuery(List.of(base), exact);
        }
        Instant warnBy = now.plus(rules.thresholds().warning());
        List<CertificateFilter> sources = new ArrayList<>();
        for (HealthStatus h : filter.health()) {
            switch (h) {
                case OK -> narrow(base, EnumSet.of(CertificateState.ISSUED), false, null, now).ifPresent(sources::add);
                case WARNING -> {
                    narrow(base, EnumSet.of(CertificateState.ISSUED), null, warnBy, null).ifPresent(sources::add);
                    narrow(base, EnumSet.of(CertificateState.ISSUED), true, null, null).ifPresent(sources::add);
                }
                case CRITICAL -> {
                    narrow(base, EnumSet.of(CertificateState.ISSUED), null, warnBy, null).ifPresent(sources::add);
                    narrow(base, EnumSet.of(CertificateState.EXPIRED, CertificateState.FAILED), null, null, null)
                            .ifPresent(sources::add);
                }
                case INACTIVE -> narrow(base, INACTIVE_STATES, null, null, null).ifPresent(sources::add);
                default -> throw new IllegalStateException(h.name());
            }
        }
        Set<HealthStatus> wanted = filter.health();
        Predicate<CertificateRecord> timeless = exact;
        return new HealthQuery(List.copyOf(sources),
                r -> timeless.test(r) && wanted.contains(rules.status(r, now)));
    }

    /**
     * {@code base} with the extra criteria, or empty when they contradict it.
     *
     * @param states            states the match must be in (intersected with the base's)
     * @param failing           the required failing flag, or {@code null}
     * @param notAfterBefore    an upper bound on {@code notAfter}, or {@code null}
     * @param notAfterOnOrAfter a lower bound on {@code notAfter}, or {@code null}
     */
    static Optional<CertificateFilter> narrow(CertificateFilter base, Set<CertificateState> states, Boolean failing,
                                              Instant notAfterBefore, Instant notAfterOnOrAfter) {
        Set<CertificateState> s = EnumSet.copyOf(states);
        if (!base.states().isEmpty()) {
            s.retainAll(base.states());
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<Boolean> f = base.failing();
        if (failing != null) {
            if (f.isPresent() && !f.get().equals(failing)) {
                return Optional.empty();
            }
            f = Optional.of(failing);
        }
        Optional<Instant> before = base.notAfterBefore();
        if (notAfterBefore != null && before.map(notAfterBefore::isBefore).orElse(true)) {
            before = Optional.of(notAfterBefore);
        }
        Optional<Instant> onOrAfter = base.notAfterOnOrAfter();
        if (notAfterOnOrAfter != null && onOrAfter.map(notAfterOnOrAfter::isAfter).orElse(true)) {
            onOrAfter = Optional.of(notAfterOnOrAfter);
        }
        return Optional.of(new CertificateFilter(s, base.tenant(), base.name(), base.labels(), base.issuer(),
                base.autoRenew(), before, onOrAfter, base.renewalDueBy(), base.hasActiveJob(), f,
                base.keyNotWrappedBy(), Set.of()));
    }
}
