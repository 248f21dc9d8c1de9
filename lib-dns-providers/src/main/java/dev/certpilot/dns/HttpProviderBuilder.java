package dev.certpilot.dns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every HTTP provider's builder has in common: where the API is, how long to wait, how to retry.
 *
 * <p>Every setting has a sensible default except the base URL of self-hosted services. Tests point
 * {@link #baseUrl(String)} at a stub server and pass a {@link Sleeper} that does not sleep.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <P> the provider it builds
 */
public abstract class HttpProviderBuilder<B extends HttpProviderBuilder<B, P>, P> {

    private URI baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;

    /**
     * Creates a builder.
     *
     * @param defaultBaseUrl the service's public API address, or {@code null} for self-hosted services where the user
     *                       must give one
     */
    protected HttpProviderBuilder(String defaultBaseUrl) {
        this.baseUrl = defaultBaseUrl == null ? null : parseBaseUrl(defaultBaseUrl);
    }

    /**
     * The API's base address, e.g. {@code https://api.cloudflare.com/client/v4}; paths are appended to it. A trailing
     * slash is ignored.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} when it is not an absolute http or https URL
     */
    public B baseUrl(String url) {
        this.baseUrl = parseBaseUrl(url);
        return self();
    }

    /** How long to wait for a TCP and TLS connection; default 10 s. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = Checks.positive(timeout, "connectTimeout");
        return self();
    }

    /** How long to wait for one response, each attempt separately; default 30 s. */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = Checks.positive(timeout, "requestTimeout");
        return self();
    }

    /** How to retry transient failures; default {@link RetryPolicy#defaults()}. */
    public B retryPolicy(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** How to wait between retries; default {@link Sleeper#SYSTEM}. Tests pass one that does not sleep. */
    public B sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return self();
    }

    /** The clock that {@code Retry-After} dates and caches are measured with; default the system UTC clock. */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * The HTTP client to use, for a proxy or a custom trust store; by default each provider makes its own with the
     * connect timeout, HTTP/1.1 and no redirects.
     */
    public B httpClient(HttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "client");
        return self();
    }

    /**
     * Builds the provider.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} naming the missing or invalid setting (never a secret's value)
     */
    public abstract P build();

    /** This builder, typed as the concrete class. */
    protected abstract B self();

    /**
     * The HTTP settings gathered so far, for the provider's constructor.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} when no base URL was given and the service has no default
     */
    protected final HttpSettings httpSettings() {
        if (baseUrl == null) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "the API base URL is required");
        }
        return new HttpSettings(baseUrl, connectTimeout, requestTimeout, retryPolicy, sleeper, clock, httpClient);
    }

    private static URI parseBaseUrl(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "the API base URL is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "the API base URL must be an absolute http or https URL, was '" + uri.getScheme() + "://"
                            + uri.getHost() + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "the API base URL must not contain user info, a query or a fragment");
        }
        return uri;
    }
}
