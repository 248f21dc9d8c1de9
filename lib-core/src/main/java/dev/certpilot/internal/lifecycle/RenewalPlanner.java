package dev.certpilot.internal.lifecycle;

import dev.certpilot.RenewalSettings;
import dev.certpilot.spi.IssuerSession;
import dev.certpilot.spi.RenewalWindow;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes renewal times (see {@link RenewalSettings} for the rules): from the CA's renewal information (RFC 9773)
 * where offered, else from the configured window; and the backoff after failures. Thread-safe.
 */
public final class RenewalPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalPlanner.class);

    /** The shortest and longest wait before asking the CA for renewal information again. */
    private static final Duration ARI_MIN = Duration.ofMinutes(1);
    private static final Duration ARI_MAX = Duration.ofDays(1);
    /** The wait before asking again after the CA's renewal information endpoint failed. */
    static final Duration ARI_AFTER_FAILURE = Duration.ofHours(1);
    /** The shortest wait between renewal attempts, also close to expiry. */
    private static final Duration RETRY_MIN = Duration.ofMinutes(1);

    private final RenewalSettings settings;
    private final Random random;

    /** A planner for these settings (seeded when they say so). */
    public RenewalPlanner(RenewalSettings settings) {
        this.settings = settings;
        this.random = settings.seed().isPresent() ? new Random(settings.seed().getAsLong()) : new Random();
    }

    /** The settings. */
    public RenewalSettings settings() {
        return settings;
    }

    /**
     * A new plan with the reason to record it with.
     *
     * @param plan    the plan
     * @param reason  why it is what it is, for the timeline
     * @param changed whether the renewal time differs from the plan it replaces (worth a {@code renewal.scheduled})
     */
    public record Planned(RenewalPlan plan, String reason, boolean changed) {
    }

    /** The plan from the configured window before expiry, picked at random inside it. */
    public RenewalPlan window(Instant notBefore, Instant notAfter, Optional<Instant> ariPollAt) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        long lifetimeMillis = Math.max(0, lifetime.toMillis());
        Instant end = notAfter.minusMillis((long) (lifetimeMillis * settings.remainingShare()));
        Instant start = end.minusMillis((long) (lifetimeMillis * settings.windowShare()));
        return new RenewalPlan(pick(start, end), RenewalPlan.Source.WINDOW, start, end, ariPollAt);
    }

    /**
     * The plan from the CA's window. A window equal to the one {@code previous} was picked in keeps its time (RFC
     * 9773: pick once per window), so polling does not move renewals around.
     */
    public RenewalPlan ari(RenewalWindow window, Instant now, Optional<RenewalPlan> previous) {
        Instant pollAt = ariPollAt(window.retryAfter(), now);
        if (previous.isPresent() && previous.get().source() == RenewalPlan.Source.ARI
                && previous.get().windowStart().equals(window.start()) && previous.get().windowEnd().equals(window.end())) {
            return previous.get().withAriPollAt(pollAt);
        }
        return new RenewalPlan(pick(window.start(), window.end()), RenewalPlan.Source.ARI, window.start(),
                window.end(), Optional.of(pollAt));
    }

    /**
     * The first plan of a just-issued certificate: the CA's window when ARI is on and the CA offers it, else the
     * configured window. A failing ARI endpoint never stops the renewal: the configured window is used and ARI is
     * asked again later.
     */
    public Planned afterIssuance(IssuerSession session, X509Certificate leaf, Instant now) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!settings.ari()) {
            return new Planned(window(notBefore, notAfter, Optional.empty()), "configured window", true);
        }
        try {
            Optional<RenewalWindow> w = session.renewalInfo(leaf);
            if (w.isEmpty()) {
                return new Planned(window(notBefore, notAfter, Optional.empty()),
                        "configured window (the CA offers no renewal information)", true);
            }
            return new Planned(ari(w.get(), now, Optional.empty()), ariReason(w.get()), true);
        } catch (RuntimeException e) {
            LOG.warn("Renewal information for serial {} unavailable ({}); using the configured window",
                    leaf.getSerialNumber().toString(16), e.toString());
            return new Planned(window(notBefore, notAfter, Optional.of(now.plus(ARI_AFTER_FAILURE))),
                    "configured window (renewal information unavailable: " + e.getMessage() + ")", true);
        }
    }

    /**
     * Asks the CA again for a certificate whose current plan is {@code current}. A changed window gives a new
     * time; an unchanged one keeps it; a failure keeps the current plan and asks again later; a CA that stopped
     * offering ARI falls back to the configured window.
     */
    public Planned refresh(IssuerSession session, X509Certificate leaf, RenewalPlan current, Instant now) {
        try {
            Optional<RenewalWindow> w = session.renewalInfo(leaf);
            if (w.isEmpty()) {
                RenewalPlan plan = current.source() == RenewalPlan.Source.WINDOW ? current.withAriPollAt(null)
                        : window(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), Optional.empty());
                return new Planned(plan, "configured window (the CA offers no renewal information)",
                        !plan.at().equals(current.at()));
            }
            RenewalPlan plan = ari(w.get(), now, Optional.of(current));
            return new Planned(plan, ariReason(w.get()), !plan.at().equals(current.at()));
        } catch (RuntimeException e) {
            LOG.warn("Renewal information for serial {} unavailable ({}); keeping the plan",
                    leaf.getSerialNumber().toString(16), e.toString());
            return new Planned(current.withAriPollAt(now.plus(ARI_AFTER_FAILURE)), "renewal information unavailable",
                    false);
        }
    }

    /**
     * When to try again after {@code consecutiveFailures} failed attempts: exponential backoff, capped, at most
     * halfway to {@code notAfter}, never before the CA's {@code retryAfter}.
     */
    public Instant retryAt(int consecutiveFailures, Optional<Instant> retryAfter, Instant now, Instant notAfter) {
        int doublings = Math.min(Math.max(consecutiveFailures, 1) - 1, 30);
        Duration delay = settings.backoffInitial().multipliedBy(1L << doublings);
        if (delay.compareTo(settings.backoffMax()) > 0) {
            delay = settings.backoffMax();
        }
        Duration halfway = Duration.between(now, notAfter).dividedBy(2);
        if (delay.compareTo(halfway) > 0) {
            delay = halfway.compareTo(RETRY_MIN) > 0 ? halfway : RETRY_MIN;
        }
        Instant at = now.plus(delay);
        return retryAfter.filter(at::isBefore).orElse(at);
    }

    private Instant ariPollAt(Optional<Instant> retryAfter, Instant now) {
        Duration wait = retryAfter.map(r -> Duration.between(now, r)).orElse(settings.ariPollInterval());
        if (wait.compareTo(ARI_MIN) < 0) {
            wait = ARI_MIN;
        } else if (wait.compareTo(ARI_MAX) > 0) {
            wait = ARI_MAX;
        }
        return now.plus(wait);
    }

    private static String ariReason(RenewalWindow w) {
        return "CA renewal information" + w.explanation().map(e -> " (" + e + ")").orElse("");
    }

    private Instant pick(Instant start, Instant end) {
        long span = Duration.between(start, end).toMillis();
        return span <= 0 ? start : start.plusMillis((long) (random.nextDouble() * span));
    }
}
