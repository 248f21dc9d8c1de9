package dev.certpilot;

import java.util.Optional;

/**
 * The CA refused or failed a request: code {@link ErrorCode#CA_ERROR}, {@link ErrorCode#CHALLENGE_FAILED} or
 * {@link ErrorCode#CA_RATE_LIMITED} (see {@link RateLimitedException}).
 *
 * <p>{@link #problem()} holds the CA's RFC 7807 problem document when the CA sent one; it is empty when the CA
 * could not be reached at all.
 */
public class CaException extends CertpilotException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /**
     * Creates an exception.
     *
     * @param code    {@link ErrorCode#CA_ERROR}, {@link ErrorCode#CHALLENGE_FAILED} or {@link ErrorCode#CA_RATE_LIMITED}
     * @param message what failed
     * @param problem the CA's problem document, or {@code null}
     * @param cause   the underlying failure, or {@code null}
     */
    public CaException(ErrorCode code, String message, Problem problem, Throwable cause) {
        super(code, message, cause);
        this.problem = problem;
    }

    /** The CA's problem document, if it sent one. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Whether trying again later (or with another CA) may succeed: the CA was unreachable, answered 5xx, or
     * rate-limited the request. Used to decide issuer fallback.
     */
    public boolean isTransient() {
        if (code() == ErrorCode.CA_RATE_LIMITED) {
            return true;
        }
        if (code() != ErrorCode.CA_ERROR) {
            return false;
        }
        return problem == null || problem.status() >= 500 || problem.shortType().equals("serverInternal");
    }
}
