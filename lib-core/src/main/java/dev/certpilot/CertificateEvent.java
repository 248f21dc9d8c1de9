package dev.certpilot;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry in a certificate's timeline, also delivered to {@link CertificateListener}s.
 *
 * <p>Details are short strings (names, serials, order URLs, error codes, durations); they never contain secrets.
 *
 * @param sequence      position in the store's global event order, assigned by the store ({@code 0} before)
 * @param certificateId the certificate the event is about
 * @param type          what happened
 * @param at            when it happened (from the manager's clock)
 * @param details       what else is worth knowing, sorted by key
 */
public record CertificateEvent(long sequence, String certificateId, EventType type, Instant at,
                               Map<String, String> details) {

    /** Validates and copies the components. */
    public CertificateEvent {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "detail key"),
                Objects.requireNonNull(v, () -> "detail " + k)));
        details = Collections.unmodifiableMap(copy);
    }

    /** A new event, not yet stored. */
    public static CertificateEvent of(String certificateId, EventType type, Instant at, Map<String, String> details) {
        return new CertificateEvent(0, certificateId, type, at, details);
    }

    /** A copy with the sequence the store assigned. */
    public CertificateEvent withSequence(long sequence) {
        return new CertificateEvent(sequence, certificateId, type, at, details);
    }
}
