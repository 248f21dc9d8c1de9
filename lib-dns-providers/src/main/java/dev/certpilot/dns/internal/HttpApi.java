package dev.certpilot.dns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to one provider's API with timeouts, retries and error mapping; thread-safe.
 *
 * <ul>
 *   <li>Each attempt gets the request timeout; credentials come from the {@link Authenticator}, again per attempt.</li>
 *   <li>HTTP 429, 5xx (but 501 and 505) and I/O errors are retried as the {@link dev.certpilot.dns.RetryPolicy} says,
 *       pausing with the injected {@link dev.certpilot.dns.Sleeper}; {@code Retry-After} is honoured.</li>
 *   <li>Any other status outside 2xx, and the last failed attempt, become a {@link DnsProviderException} with code
 *       {@code DNS_PROVIDER_ERROR}, the HTTP status (401/403 count as authentication failures) and the service's own
 *       message, redacted and truncated. Statuses the caller wants to handle itself (often 404) are passed in
 *       {@code alsoAccepted}.</li>
 * </ul>
 * Adapters should make writes idempotent (look before adding, treat "already exists" as success), because a
 * retried request may have reached the service the first time.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int MAX_MESSAGE = 300;

    private final String provider;
    private final HttpSettings settings;
    private final HttpClient client;
    private final Authenticator authenticator;
    private final Redactor redactor;
    private final ErrorMessage errorMessage;
    private final Predicate<ApiResponse> alsoTransient;

    /**
     * Creates the client of one provider.
     *
     * @param provider      the provider's name, first word of every error message
     * @param settings      base URL, timeouts, retries
     * @param authenticator adds credentials to each attempt
     * @param redactor      knows the provider's secrets
     * @param errorMessage  extracts the service's explanation from an error response
     */
    public HttpApi(String provider, HttpSettings settings, Authenticator authenticator, Redactor redactor,
            ErrorMessage errorMessage) {
        this(provider, settings, authenticator, redactor, errorMessage, response -> false);
    }

    /**
     * Creates the client of a provider whose service also reports transient conditions with other statuses, such as
     * Route 53's HTTP 400 {@code Throttling} and {@code PriorRequestNotComplete}: answers {@code alsoTransient}
     * accepts are retried like a 503.
     *
     * @param provider      the provider's name, first word of every error message
     * @param settings      base URL, timeouts, retries
     * @param authenticator adds credentials to each attempt
     * @param redactor      knows the provider's secrets
     * @param errorMessage  extracts the service's explanation from an error response
     * @param alsoTransient which non-2xx answers besides 429 and 5xx are worth retrying; must not throw
     */
    public HttpApi(String provider, HttpSettings settings, Authenticator authenticator, Redactor redactor,
            ErrorMessage errorMessage, Predicate<ApiResponse> alsoTransient) {
        this.alsoTransient = Objects.requireNonNull(alsoTransient, "alsoTransient");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
        this.client = settings.clientOrDefault();
    }

    /** The base URL requests are sent to. */
    public URI baseUrl() {
        return settings.baseUrl();
    }

    /** The redactor of this provider's secrets. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * Sends a request, retrying transient failures.
     *
     * @param request      what to send
     * @param alsoAccepted statuses outside 2xx returned to the caller instead of failing, e.g. 404
     * @return the response, with a 2xx status or one of {@code alsoAccepted}
     * @throws DnsProviderException when the service refused the request or could not be reached
     */
    public ApiResponse send(ApiRequest request, int... alsoAccepted) {
        byte[] body = bodyBytes(request);
        URI uri = URI.create(settings.baseUrl() + request.pathAndQuery());
        String what = request.method() + " " + redactor.redact(request.pathAndQuery());
        int max = settings.retry().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = client.send(httpRequest(request, uri, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                String reason = redactor.redact(e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), MAX_MESSAGE);
                if (attempt >= max) {
                    throw new DnsProviderException(provider, ErrorCode.DNS_PROVIDER_ERROR,
                            what + " failed" + attempts(attempt) + ": " + reason, 0, null);
                }
                pause(what, attempt, settings.retry().backoff(attempt), reason);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsProviderException(provider, what + " was interrupted", null);
            }
            int status = response.statusCode();
            LOG.debug("{}: {} -> {}", provider, what, status);
            ApiResponse answer = new ApiResponse(status, response.headers(), response.body());
            boolean transientAnswer = status / 100 != 2 && alsoTransient.test(answer);
            if (status / 100 == 2 || !transientAnswer && Arrays.stream(alsoAccepted).anyMatch(s -> s == status)) {
                return answer;
            }
            if (!(isTransient(status) || transientAnswer) || attempt >= max) {
                throw failure(what, answer, attempt, "");
            }
            Optional<Duration> retryAfter = RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), settings.clock());
            if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.retry().maxRetryAfter()) > 0) {
                throw failure(what, answer, attempt,
                        " (the service asks to retry after " + retryAfter.get().toSeconds() + " s)");
            }
            pause(what, attempt, retryAfter.orElse(settings.retry().backoff(attempt)), "HTTP " + status);
        }
    }

    /**
     * Sends a request and reads the response body as JSON.
     *
     * @throws DnsProviderException when the request failed or the answer is not JSON
     */
    public JsonNode json(ApiRequest request, int... alsoAccepted) {
        ApiResponse response = send(request, alsoAccepted);
        try {
            return response.json();
        } catch (UncheckedIOException e) {
            throw new DnsProviderException(provider, request.method() + " "
                    + redactor.redact(request.pathAndQuery()) + " answered with something that is not JSON", null);
        }
    }

    /**
     * Sends a request and reads the response body as {@code type}.
     *
     * @throws DnsProviderException when the request failed or the answer does not have the expected shape
     */
    public <T> T read(ApiRequest request, Class<T> type) {
        ApiResponse response = send(request);
        try {
            return response.as(type);
        } catch (UncheckedIOException e) {
            throw new DnsProviderException(provider, request.method() + " "
                    + redactor.redact(request.pathAndQuery()) + " answered with unexpected JSON: "
                    + redactor.redact(e.getCause().getMessage(), MAX_MESSAGE), null);
        }
    }

    /**
     * The error this module reports for a failed response, for adapters that accept a status (say 400) to look at
     * the body and then decide it is a failure after all.
     */
    public DnsProviderException failure(ApiRequest request, ApiResponse response) {
        return failure(request.method() + " " + redactor.redact(request.pathAndQuery()), response, 1, "");
    }

    /**
     * Like {@link #failure(ApiRequest, ApiResponse)}, for a service that says "wrong credentials" with another status
     * than 401/403 (OVH's HTTP 400 {@code INVALID_SIGNATURE}, Namecheap's HTTP 200 error 1011102, an OAuth token
     * endpoint's HTTP 400 {@code invalid_client}): the error then answers
     * {@link DnsProviderException#isAuthenticationFailure()} with {@code authenticationFailure}.
     */
    public DnsProviderException failure(ApiRequest request, ApiResponse response, boolean authenticationFailure) {
        DnsProviderException e = failure(request, response);
        if (e.isAuthenticationFailure() == authenticationFailure) {
            return e;
        }
        String message = e.getMessage().substring(provider.length() + 2);
        if (authenticationFailure) {
            message = message.replace(" failed: HTTP ", " was refused: authentication failed, HTTP ");
        }
        return new DnsProviderException(provider, ErrorCode.DNS_PROVIDER_ERROR, message, response.status(),
                authenticationFailure, null);
    }

    private static byte[] bodyBytes(ApiRequest request) {
        if (request.body() == null) {
            return new byte[0];
        }
        return request.body() instanceof ApiRequest.RawBody raw ? raw.bytes() : Json.write(request.body());
    }

    private HttpRequest httpRequest(ApiRequest request, URI uri, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "certpilot-dns-providers");
        if (body.length > 0) {
            builder.header("Content-Type", request.body() instanceof ApiRequest.RawBody raw ? raw.contentType()
                    : "application/json");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        request.headers().forEach(builder::setHeader);
        authenticator.headers(request.method(), uri, body).forEach(builder::setHeader);
        return builder.build();
    }

    private void pause(String what, int attempt, Duration delay, String reason) {
        LOG.info("{}: {} failed ({}), attempt {} of {}, retrying in {} ms", provider, what, reason, attempt,
                settings.retry().maxAttempts(), delay.toMillis());
        try {
            settings.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsProviderException(provider, what + " was interrupted while waiting to retry", e);
        }
    }

    private DnsProviderException failure(String what, ApiResponse response, int attempt, String suffix) {
        int status = response.status();
        String explanation;
        try {
            explanation = errorMessage.extract(response);
        } catch (RuntimeException e) {
            explanation = response.text();
        }
        explanation = redactor.redact(explanation == null ? "" : explanation.strip(), MAX_MESSAGE);
        String kind = status == 401 || status == 403 ? " was refused: authentication failed, HTTP " : " failed: HTTP ";
        String message = what + kind + status + attempts(attempt) + (explanation.isEmpty() ? "" : ": " + explanation)
                + suffix;
        return new DnsProviderException(provider, ErrorCode.DNS_PROVIDER_ERROR, message, status, null);
    }

    private static String attempts(int attempt) {
        return attempt > 1 ? " after " + attempt + " attempts" : "";
    }

    private static boolean isTransient(int status) {
        return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }
}
