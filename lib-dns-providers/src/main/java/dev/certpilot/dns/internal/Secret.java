package dev.certpilot.dns.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.util.Objects;

/**
 * A credential (token, key, password). {@link #toString()} never shows it; only {@link #reveal()} does, at the one
 * place where it is put on the wire.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a credential.
     *
     * @param value the credential, not blank
     * @param what  what it is, for the error message (e.g. {@code apiToken}); never the value itself
     * @throws CertpilotException {@code INVALID_REQUEST} when the value is null or blank
     */
    public static Secret of(String value, String what) {
        Objects.requireNonNull(what, "what");
        if (value == null || value.isBlank()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, what + " must not be blank");
        }
        return new Secret(value);
    }

    /** Wraps a credential, or returns {@code null} when {@code value} is {@code null}. */
    public static Secret ofNullable(String value, String what) {
        return value == null ? null : of(value, what);
    }

    /** The credential itself. */
    public String reveal() {
        return value;
    }

    /** Always {@code [redacted]}. */
    @Override
    public String toString() {
        return "[redacted]";
    }
}
