package dev.certpilot;

import java.time.Instant;
import java.util.Optional;

/** The CA answered {@code 429 rateLimited}: code {@link ErrorCode#CA_RATE_LIMITED}. */
public class RateLimitedException extends CaException {

    private static final long serialVersionUID = 1L;

    private final Instant retryAfter;

    /**
     * Creates an exception.
     *
     * @param message    what was limited
     * @param problem    the CA's problem document, or {@code null}
     * @param retryAfter when the CA said a retry may succeed, or {@code null} when it did not say
     * @param cause      the underlying failure, or {@code null}
     */
    public RateLimitedException(String message, Problem problem, Instant retryAfter, Throwable cause) {
        super(ErrorCode.CA_RATE_LIMITED, message, problem, cause);
        this.retryAfter = retryAfter;
    }

    /** When the CA said a retry may succeed ({@code Retry-After}), if it said so. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
