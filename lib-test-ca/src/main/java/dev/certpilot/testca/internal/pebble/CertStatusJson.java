package dev.certpilot.testca.internal.pebble;

import dev.certpilot.testca.CertificateStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON answer of {@code /cert-status-by-serial/}: {@code Status} ({@code "Valid"} or {@code "Revoked"}),
 * {@code Serial} (hex), and for revoked certificates {@code Reason} (absent when none was given) and
 * {@code RevokedAt} in Go's {@code time.Time.String()} form, e.g. {@code 2025-01-02 03:04:05.123456 +0000 UTC}.
 * Internal: not part of certpilot's API.
 */
final class CertStatusJson {

    /** Go's {@code 2006-01-02 15:04:05.999999999 -0700 MST}, the trailing zone abbreviation ignored. */
    private static final DateTimeFormatter GO_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern(" xx")
            .toFormatter();

    private CertStatusJson() {
    }

    static CertificateStatus parse(Map<String, Object> json) {
        String status = String.valueOf(json.get("Status"));
        String serial = new BigInteger(String.valueOf(json.get("Serial")), 16).toString(16);
        boolean revoked = switch (status) {
            case "Revoked" -> true;
            case "Valid" -> false;
            default -> throw new IllegalStateException("unknown certificate status " + status);
        };
        Optional<Integer> reason = Optional.ofNullable(json.get("Reason"))
                .map(value -> ((Number) value).intValue());
        Optional<Instant> revokedAt = Optional.ofNullable(json.get("RevokedAt"))
                .map(String::valueOf)
                .map(CertStatusJson::goTime);
        return new CertificateStatus(serial, revoked, reason, revokedAt);
    }

    /** Parses Go's default time format, dropping the zone abbreviation (and any monotonic clock suffix). */
    static Instant goTime(String text) {
        String[] parts = text.strip().split(" ");
        if (parts.length < 3) {
            throw new IllegalArgumentException("not a Go time: " + text);
        }
        return OffsetDateTime.parse(parts[0] + " " + parts[1] + " " + parts[2], GO_TIME).toInstant();
    }
}
