package dev.certpilot.internal.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a certificate is to be renewed and why, as kept in its attributes.
 *
 * @param at          the renewal time
 * @param source      where it came from
 * @param windowStart the start of the window {@code at} was picked in
 * @param windowEnd   its end
 * @param ariPollAt   when to ask the CA's renewal information again; empty when the CA offers none
 */
public record RenewalPlan(Instant at, Source source, Instant windowStart, Instant windowEnd,
                          Optional<Instant> ariPollAt) {

    /** Where a renewal time came from. */
    public enum Source {
        /** The CA's suggested window (ACME Renewal Information). */
        ARI,
        /** The configured window before expiry. */
        WINDOW,
        /** A retry after a failed attempt. */
        RETRY;

        /** The lower-case name used in attributes and events. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Validates the components. */
    public RenewalPlan {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(ariPollAt, "ariPollAt");
    }

    /** The plan kept in these attributes, if there is one. */
    public static Optional<RenewalPlan> of(Map<String, String> attributes) {
        Optional<Instant> at = Attributes.instant(attributes, Attributes.RENEWAL_AT);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Source source;
        try {
            source = Source.valueOf(attributes.getOrDefault(Attributes.RENEWAL_SOURCE, "window")
                    .toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            source = Source.WINDOW;
        }
        return Optional.of(new RenewalPlan(at.get(), source,
                Attributes.instant(attributes, Attributes.WINDOW_START).orElse(at.get()),
                Attributes.instant(attributes, Attributes.WINDOW_END).orElse(at.get()),
                Attributes.instant(attributes, Attributes.ARI_POLL_AT)));
    }

    /** Writes the plan into (a copy of) the attributes. */
    public Map<String, String> writeTo(Map<String, String> attributes) {
        Map<String, String> out = Attributes.copy(attributes);
        Attributes.put(out, Attributes.RENEWAL_AT, at);
        out.put(Attributes.RENEWAL_SOURCE, source.code());
        Attributes.put(out, Attributes.WINDOW_START, windowStart);
        Attributes.put(out, Attributes.WINDOW_END, windowEnd);
        Attributes.put(out, Attributes.ARI_POLL_AT, ariPollAt.orElse(null));
        return out;
    }

    /** Removes any plan from (a copy of) the attributes. */
    public static Map<String, String> clear(Map<String, String> attributes) {
        return Attributes.without(attributes, Attributes.RENEWAL_AT, Attributes.RENEWAL_SOURCE,
                Attributes.WINDOW_START, Attributes.WINDOW_END, Attributes.ARI_POLL_AT);
    }

    /** The same plan with another ARI polling time. */
    public RenewalPlan withAriPollAt(Instant pollAt) {
        return new RenewalPlan(at, source, windowStart, windowEnd, Optional.ofNullable(pollAt));
    }

    /** Whether the plan came from the same window as {@code other}'s. */
    public boolean sameWindow(RenewalPlan other) {
        return source == other.source && windowStart.equals(other.windowStart) && windowEnd.equals(other.windowEnd);
    }

    /** Event details: the time, source and window. */
    public Map<String, String> details(String reason) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("at", at.toString());
        d.put("source", source.code());
        d.put("windowStart", windowStart.toString());
        d.put("windowEnd", windowEnd.toString());
        d.put("reason", reason);
        ariPollAt.ifPresent(p -> d.put("ariPollAt", p.toString()));
        return d;
    }
}
