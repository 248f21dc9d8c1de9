package dev.certpilot.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The CA's suggested renewal window for a certificate (ACME Renewal Information, RFC 9773).
 *
 * @param start       renew no earlier than this
 * @param end         renew before this
 * @param explanation the CA's explanation URL, if any (e.g. for a revocation-driven early window)
 * @param retryAfter  when to ask the CA again
 */
public record RenewalWindow(Instant start, Instant end, Optional<String> explanation, Optional<Instant> retryAfter) {

    /** Validates the components. */
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a renewal window ends after it starts");
        }
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }
}
