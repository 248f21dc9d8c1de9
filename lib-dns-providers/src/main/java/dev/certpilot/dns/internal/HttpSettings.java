package dev.certpilot.dns.internal;

import dev.certpilot.dns.RetryPolicy;
import dev.certpilot.dns.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP settings of one provider, gathered by {@link dev.certpilot.dns.HttpProviderBuilder}.
 *
 * @param baseUrl        the API's base address without trailing slash
 * @param connectTimeout the connect timeout
 * @param requestTimeout the timeout of one attempt
 * @param retry          the retry policy
 * @param sleeper        waits between retries
 * @param clock          measures {@code Retry-After} dates and cache ages
 * @param client         the HTTP client, or {@code null} to make one from the settings
 */
public record HttpSettings(URI baseUrl, Duration connectTimeout, Duration requestTimeout, RetryPolicy retry,
        Sleeper sleeper, Clock clock, HttpClient client) {

    /** Validates the components. */
    public HttpSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
    }

    /** These settings for another address, e.g. a token endpoint next to the API. */
    public HttpSettings withBaseUrl(URI otherBaseUrl) {
        return new HttpSettings(otherBaseUrl, connectTimeout, requestTimeout, retry, sleeper, clock, client);
    }

    /** The given client, or a new one with the connect timeout, HTTP/1.1 and no redirects. */
    public HttpClient clientOrDefault() {
        if (client != null) {
            return client;
        }
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
