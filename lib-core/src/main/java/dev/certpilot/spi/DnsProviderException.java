package dev.certpilot.spi;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A DNS provider could not publish or remove a record: code {@link ErrorCode#DNS_PROVIDER_ERROR} or
 * {@link ErrorCode#ZONE_NOT_FOUND}. The message carries the service's own explanation with credentials redacted.
 */
public class DnsProviderException extends CertpilotException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int httpStatus;
    private final boolean authenticationFailure;

    /**
     * Creates an exception.
     *
     * @param provider   the provider's name, e.g. {@code cloudflare}
     * @param code       {@link ErrorCode#DNS_PROVIDER_ERROR} or {@link ErrorCode#ZONE_NOT_FOUND}
     * @param message    what failed, with the service's explanation (never credentials)
     * @param httpStatus the HTTP status the service answered with, or 0 when there was none
     * @param cause      the underlying failure, or {@code null}
     */
    public DnsProviderException(String provider, ErrorCode code, String message, int httpStatus, Throwable cause) {
        this(provider, code, message, httpStatus, httpStatus == 401 || httpStatus == 403, cause);
    }

    /**
     * Creates an exception that says explicitly whether the service rejected the credentials, for services that
     * do not speak HTTP (an RFC 2136 server answering {@code NOTAUTH} with a TSIG error, for example).
     *
     * @param provider              the provider's name, e.g. {@code rfc2136}
     * @param code                  {@link ErrorCode#DNS_PROVIDER_ERROR} or {@link ErrorCode#ZONE_NOT_FOUND}
     * @param message               what failed, with the service's explanation (never credentials)
     * @param httpStatus            the HTTP status the service answered with, or 0 when there was none
     * @param authenticationFailure whether the service rejected the credentials
     * @param cause                 the underlying failure, or {@code null}
     */
    public DnsProviderException(String provider, ErrorCode code, String message, int httpStatus,
            boolean authenticationFailure, Throwable cause) {
        super(code, provider + ": " + message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.httpStatus = httpStatus;
        this.authenticationFailure = authenticationFailure;
    }

    /** A {@link ErrorCode#DNS_PROVIDER_ERROR} without HTTP status. */
    public DnsProviderException(String provider, String message, Throwable cause) {
        this(provider, ErrorCode.DNS_PROVIDER_ERROR, message, 0, cause);
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** The HTTP status the service answered with, if the failure came from an HTTP answer. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Whether the service rejected the credentials: HTTP 401 or 403, or a non-HTTP refusal the provider reported as
     * such (a TSIG key the DNS server does not accept, for example).
     */
    public boolean isAuthenticationFailure() {
        return authenticationFailure;
    }
}
