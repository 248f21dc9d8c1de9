package dev.certpilot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the last issuance or renewal attempt of a certificate failed.
 *
 * @param code       the stable error code
 * @param message    what failed, for humans; with a CA problem it names each failing identifier
 * @param at         when it failed
 * @param retryAfter when a retry may succeed, if the CA said so ({@code Retry-After})
 */
public record Failure(ErrorCode code, String message, Instant at, Optional<Instant> retryAfter) {

    /** Validates the components. */
    public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The failure an exception describes. */
    public static Failure of(CertpilotException e, Instant at) {
        Optional<Instant> retryAfter = e instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
        return new Failure(e.code(), String.valueOf(e.getMessage()), at, retryAfter);
    }

    /** An exception carrying this failure, for futures that complete exceptionally. */
    public CertpilotException toException() {
        if (code == ErrorCode.CA_RATE_LIMITED) {
            return new RateLimitedException(message, null, retryAfter.orElse(null), null);
        }
        if (code == ErrorCode.CA_ERROR || code == ErrorCode.CHALLENGE_FAILED) {
            return new CaException(code, message, null, null);
        }
        return new CertpilotException(code, message);
    }
}
