package dev.certpilot;

import java.util.Objects;

/**
 * Root of every error certpilot reports, with a stable {@link #code()}.
 *
 * <p>certpilot's exceptions are <em>unchecked</em>. Most failures happen asynchronously inside a durable job and
 * reach the caller through a {@link java.util.concurrent.CompletableFuture} or the certificate's
 * {@linkplain ManagedCertificate#failure() failure}; checked exceptions compose badly with futures, lambdas and
 * SPIs, and the {@link ErrorCode} rather than the Java type is the contract a host application relies on.
 * Every public method documents the codes it may raise.
 *
 * <p>Messages never contain secrets (keys, tokens, passwords, HMAC keys).
 */
public class CertpilotException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * Creates an exception.
     *
     * @param code    the stable error code
     * @param message a human-readable message naming the offending value where there is one
     */
    public CertpilotException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param code    the stable error code
     * @param message a human-readable message naming the offending value where there is one
     * @param cause   the underlying failure, or {@code null}
     */
    public CertpilotException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable, machine-readable error code. */
    public ErrorCode code() {
        return code;
    }

    /** {@code "<CODE>: <message>"}. */
    @Override
    public String toString() {
        return code.name() + ": " + getMessage();
    }
}
