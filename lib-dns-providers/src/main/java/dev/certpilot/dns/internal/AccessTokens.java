package dev.certpilot.dns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.spi.DnsProviderException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OAuth 2.0 access tokens from a token endpoint (RFC 6749 section 5), fetched when first needed and reused until
 * shortly before they expire: Azure's client-credentials grant, Google's JWT bearer grant (RFC 7523).
 *
 * <p>The token request is built anew for each fetch (a JWT assertion carries its own time). The endpoint's
 * {@code invalid_client}, {@code invalid_grant} and {@code unauthorized_client} answers (HTTP 400 or 401) are
 * reported as authentication failures; other failures as the token endpoint's errors. Thread-safe: concurrent
 * callers share one fetch.
 */
public final class AccessTokens {

    /** Errors of RFC 6749 section 5.2 that mean "these credentials are wrong". */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("invalid_client", "invalid_grant",
            "unauthorized_client");
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final HttpApi tokenApi;
    private final Supplier<ApiRequest> request;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    /**
     * @param tokenApi a client of the token endpoint's host (its redactor must know the client secret or key)
     * @param request  makes the token request, e.g. {@code ApiRequest.form("/tenant/oauth2/v2.0/token", ...)}
     * @param clock    measures the token's lifetime
     */
    public AccessTokens(HttpApi tokenApi, Supplier<ApiRequest> request, Clock clock) {
        this.tokenApi = Objects.requireNonNull(tokenApi, "tokenApi");
        this.request = Objects.requireNonNull(request, "request");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tokens from the endpoint at {@code tokenUrl}, with the HTTP settings of the provider's API (timeouts, retries,
     * sleeper, clock) and a client of its own.
     *
     * @param provider the provider's name, for errors
     * @param settings the API's settings, used with the token endpoint's address
     * @param tokenUrl the token endpoint
     * @param redactor knows the client secret or private key
     * @param request  makes the token request for the endpoint's path (and query), e.g.
     *                 {@code path -> ApiRequest.form(path, fields)}
     */
    public static AccessTokens at(String provider, HttpSettings settings, URI tokenUrl, Redactor redactor,
            Function<String, ApiRequest> request) {
        URI base = URI.create(tokenUrl.getScheme() + "://" + tokenUrl.getRawAuthority());
        String path = tokenUrl.getRawPath() == null || tokenUrl.getRawPath().isEmpty() ? "/" : tokenUrl.getRawPath();
        HttpApi api = new HttpApi(provider, settings.withBaseUrl(base), Authenticator.NONE, redactor, errorMessage());
        return new AccessTokens(api, () -> request.apply(path), settings.clock());
    }

    /** Extracts {@code error: error_description} from a token endpoint's answer. */
    public static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String error = body.path("error").asText("");
                String description = body.path("error_description").asText("");
                if (error.isEmpty()) {
                    return response.text();
                }
                return description.isEmpty() ? error : error + ": " + description;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** {@code Authorization: Bearer <token>}, with a token fetched or renewed as needed. */
    public Authenticator bearer() {
        return (method, uri, body) -> Map.of("Authorization", "Bearer " + token());
    }

    /**
     * A valid access token: the cached one, or a new one when there is none or it expires within five minutes (or
     * within half its lifetime, for short-lived tokens).
     *
     * @throws DnsProviderException when the token endpoint refused the credentials or could not be reached
     */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(refreshAt)) {
            return token;
        }
        ApiRequest tokenRequest = request.get();
        ApiResponse response = tokenApi.send(tokenRequest, 400, 401);
        if (response.status() != 200) {
            String error;
            try {
                error = response.json().path("error").asText("");
            } catch (UncheckedIOException e) {
                error = "";
            }
            throw tokenApi.failure(tokenRequest, response, CREDENTIAL_ERRORS.contains(error)
                    || response.status() == 401);
        }
        JsonNode body;
        try {
            body = response.json();
        } catch (UncheckedIOException e) {
            throw tokenApi.failure(tokenRequest, response);
        }
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw tokenApi.failure(tokenRequest, response);
        }
        Duration lifetime = lifetime(body.path("expires_in"));
        Duration margin = lifetime.dividedBy(2).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(2) : MAX_MARGIN;
        token = accessToken;
        refreshAt = now.plus(lifetime).minus(margin);
        return token;
    }

    /** The token currently cached, if any, for a {@link Redactor#dynamic} redactor. */
    public synchronized List<String> current() {
        return token == null ? List.of() : List.of(token);
    }

    /** Forgets the cached token, so the next call fetches a new one. */
    public synchronized void invalidate() {
        token = null;
        refreshAt = Instant.MIN;
    }

    private static Duration lifetime(JsonNode expiresIn) {
        long seconds = expiresIn.isNumber() ? expiresIn.asLong()
                : expiresIn.isTextual() ? parse(expiresIn.asText()) : -1;
        return seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
