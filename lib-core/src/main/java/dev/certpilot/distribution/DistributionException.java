package dev.certpilot.distribution;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.util.Objects;

/**
 * A distribution target could not deliver a certificate. Code {@link ErrorCode#DISTRIBUTION_FAILED}; the message
 * names the target and what went wrong, never key material or passwords.
 */
public class DistributionException extends CertpilotException {

    private static final long serialVersionUID = 1L;

    private final String target;

    /**
     * Creates an exception.
     *
     * @param target  the target's name
     * @param message what went wrong
     */
    public DistributionException(String target, String message) {
        this(target, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param target  the target's name
     * @param message what went wrong
     * @param cause   the underlying failure, or {@code null}
     */
    public DistributionException(String target, String message, Throwable cause) {
        super(ErrorCode.DISTRIBUTION_FAILED, "target '" + target + "': " + message, cause);
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The name of the target that failed. */
    public String target() {
        return target;
    }
}
