package dev.certpilot.testca;

import java.time.Instant;
import java.util.Objects;

/**
 * An ACME Renewal Information (RFC 9773) suggested window.
 *
 * @param start start of the window
 * @param end   end of the window, after {@code start}
 */
public record RenewalWindow(Instant start, Instant end) {
    /** Validates the components. */
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
        }
    }
}
