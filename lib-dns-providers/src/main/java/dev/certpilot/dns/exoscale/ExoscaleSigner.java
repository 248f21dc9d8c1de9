package dev.certpilot.dns.exoscale;

import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.Digests;
import dev.certpilot.dns.internal.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exoscale API v2 request signatures (https://openapi-v2.exoscale.com/topic/topic-api-request-signature): the message
 * is the lines {@code METHOD path}, body, the query parameters' values concatenated, the signed header values (none),
 * the expiration time; the signature is base64 HMAC-SHA256 of it with the API secret, sent as
 * {@code Authorization: EXO2-HMAC-SHA256 credential=<key>[,signed-query-args=<a;b>],expires=<t>,signature=<s>}.
 * Query parameters are signed in the order of their names. Signatures expire ten minutes after signing.
 */
final class ExoscaleSigner implements Authenticator {

    private static final long VALIDITY_SECONDS = 600;

    private final String apiKey;
    private final Secret apiSecret;
    private final Clock clock;

    ExoscaleSigner(String apiKey, Secret apiSecret, Clock clock) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        return Map.of("Authorization", authorization(apiKey, apiSecret.reveal(), method, uri,
                new String(body, StandardCharsets.UTF_8), clock.instant().getEpochSecond() + VALIDITY_SECONDS));
    }

    /** The {@code Authorization} header value for this request expiring at {@code expires} (UNIX time). */
    static String authorization(String apiKey, String apiSecret, String method, URI uri, String body, long expires) {
        TreeMap<String, String> query = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String message = message(method, uri.getRawPath(), body, String.join("", query.values()), expires);
        String signature = Base64.getEncoder().encodeToString(
                Digests.hmacSha256(apiSecret.getBytes(StandardCharsets.UTF_8), message));
        return "EXO2-HMAC-SHA256 credential=" + apiKey
                + (query.isEmpty() ? "" : ",signed-query-args=" + String.join(";", query.keySet()))
                + ",expires=" + expires + ",signature=" + signature;
    }

    /** The message to sign, as the documentation spells it out. */
    static String message(String method, String path, String body, String queryValues, long expires) {
        return method + " " + path + "\n" + body + "\n" + queryValues + "\n" + "\n" + expires;
    }

    /** The key; never the secret. */
    @Override
    public String toString() {
        return "ExoscaleSigner[" + apiKey + "]";
    }
}
