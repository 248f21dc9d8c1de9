package dev.certpilot.testca.internal.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jose4j.json.JsonUtil;

/**
 * A small HTTP client for the management APIs of Pebble and pebble-challtestsrv (and of servers compatible with
 * them): JSON {@code POST} commands and plain {@code GET} reads, with a bounded timeout. Internal: not part of
 * certpilot's API.
 */
public final class ManagementHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;

    private ManagementHttp(HttpClient client) {
        this.client = client;
    }

    /** A client for plain {@code http://} management APIs (challtestsrv). */
    public static ManagementHttp plain() {
        return new ManagementHttp(HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    /** A client for {@code https://} management APIs whose certificate chains to a root {@code tls} trusts. */
    public static ManagementHttp trusting(SSLContext tls) {
        return new ManagementHttp(HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(tls).build());
    }

    /** POSTs {@code body} as JSON; any status but 200 is an error naming the endpoint and the answer. */
    public void postJson(URI endpoint, Map<String, ?> body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonUtil.toJson(body)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + endpoint + " answered " + response.statusCode() + ": "
                    + response.body().strip());
        }
    }

    /** GETs {@code endpoint} and returns the whole response, whatever its status. */
    public HttpResponse<String> get(URI endpoint) {
        return send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
