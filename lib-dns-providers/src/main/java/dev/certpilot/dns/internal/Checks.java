package dev.certpilot.dns.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Argument checks the builders share. */
public final class Checks {

    private Checks() {
    }

    /**
     * The duration, when it is positive.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /**
     * The URL, when it is an absolute http or https URL without user info or fragment (a token endpoint, say).
     *
     * @throws CertpilotException {@code INVALID_REQUEST} naming the setting otherwise
     */
    public static URI httpUrl(String url, String name) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(url, name).strip());
        } catch (IllegalArgumentException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, name + " is not a valid URL");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    name + " must be an absolute http or https URL without user info");
        }
        return uri;
    }

    /**
     * The value, stripped, when it is not blank.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} "{@code name} must not be blank" otherwise
     */
    public static String nonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, name + " must not be blank");
        }
        return value.strip();
    }
}
