package dev.certpilot.dns.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adds credentials to a request just before each attempt is sent. Called again for every retry, so signatures with a
 * timestamp (AWS SigV4, OVH) stay fresh; such a signer computes its headers from the method, URI and body.
 */
@FunctionalInterface
public interface Authenticator {

    /** No credentials. */
    Authenticator NONE = (method, uri, body) -> Map.of();

    /**
     * The headers that authenticate this request.
     *
     * @param method the HTTP method
     * @param uri    the full URI, with query
     * @param body   the body bytes, empty when there is none
     */
    Map<String, String> headers(String method, URI uri, byte[] body);

    /** {@code Authorization: Bearer <token>}. */
    static Authenticator bearer(Secret token) {
        Objects.requireNonNull(token, "token");
        return (m, u, b) -> Map.of("Authorization", "Bearer " + token.reveal());
    }

    /** {@code Authorization: Basic base64(user:password)}. */
    static Authenticator basic(String user, Secret password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String encoded = Base64.getEncoder()
                .encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        return (m, u, b) -> Map.of("Authorization", "Basic " + encoded);
    }

    /** One header carrying a credential, e.g. {@code X-API-Key}. */
    static Authenticator header(String name, Secret value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return (m, u, b) -> Map.of(name, value.reveal());
    }

    /** The headers of this authenticator and then of {@code other}. */
    default Authenticator and(Authenticator other) {
        return (m, u, b) -> {
            Map<String, String> all = new LinkedHashMap<>(headers(m, u, b));
            all.putAll(other.headers(m, u, b));
            return all;
        };
    }
}
