package dev.certpilot.internal.lifecycle;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The engine's extras in {@link dev.certpilot.spi.CertificateRecord#attributes()}: the renewal plan, the ARI
 * polling time, pending deliveries and the last announced health. Keys and their string forms live here only.
 * Instants are ISO-8601 strings, lists are space-separated.
 */
public final class Attributes {

    /** The planned renewal time. */
    public static final String RENEWAL_AT = "renewal.at";
    /** Where the plan came from: {@code ari}, {@code window} or {@code retry}. */
    public static final String RENEWAL_SOURCE = "renewal.source";
    /** The start of the window the renewal time was picked in. */
    public static final String WINDOW_START = "renewal.windowStart";
    /** The end of that window. */
    public static final String WINDOW_END = "renewal.windowEnd";
    /** When to ask the CA for renewal information again; absent when the CA offers none. */
    public static final String ARI_POLL_AT = "ari.pollAt";
    /** Targets the current version still has to be delivered to. */
    public static final String DISTRIBUTION_PENDING = "distribution.pending";
    /** The version the pending deliveries are for. */
    public static final String DISTRIBUTION_VERSION = "distribution.version";
    /** Failed delivery rounds of that version so far. */
    public static final String DISTRIBUTION_ATTEMPT = "distribution.attempt";
    /** When the pending deliveries are (re)tried; also the claim of the instance delivering now. */
    public static final String DISTRIBUTION_RETRY_AT = "distribution.retryAt";
    /** The health class last announced with {@code cert.health_changed}. */
    public static final String HEALTH = "health";
    /** When the health class may change next (a threshold is crossed): the scheduler looks then. */
    public static final String HEALTH_CHECK_AT = "health.checkAt";

    private Attributes() {
    }

    /** An instant attribute, if present and well-formed. */
    public static Optional<Instant> instant(Map<String, String> attributes, String key) {
        String v = attributes.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An integer attribute, or {@code 0}. */
    public static int integer(Map<String, String> attributes, String key) {
        try {
            return Integer.parseInt(attributes.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A list attribute (empty when absent). */
    public static List<String> list(Map<String, String> attributes, String key) {
        String v = attributes.getOrDefault(key, "").trim();
        return v.isEmpty() ? List.of() : Arrays.asList(v.split(" +"));
    }

    /** A mutable copy to change. */
    public static Map<String, String> copy(Map<String, String> attributes) {
        return new TreeMap<>(attributes);
    }

    /** A mutable copy without the given keys. */
    public static Map<String, String> without(Map<String, String> attributes, String... keys) {
        Map<String, String> out = copy(attributes);
        for (String k : keys) {
            out.remove(k);
        }
        return out;
    }

    /** Sets or (for {@code null}) removes an instant. */
    public static void put(Map<String, String> attributes, String key, Instant value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value.toString());
        }
    }

    /** Sets or (for an empty list) removes a list. */
    public static void put(Map<String, String> attributes, String key, List<String> value) {
        if (value.isEmpty()) {
            attributes.remove(key);
        } else {
            attributes.put(key, String.join(" ", value));
        }
    }
}
