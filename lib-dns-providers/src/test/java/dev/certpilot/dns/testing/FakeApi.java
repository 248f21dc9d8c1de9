package dev.certpilot.dns.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A stateful fake of a vendor API served by WireMock: subclasses keep the records in memory and answer requests
 * exactly as the vendor's documentation shows, so the contract test can read the state back and WireMock's request
 * journal can verify the exact requests. Requests are handled one at a time (the fake's state needs no locking of
 * its own); fault stubs from {@link WireMockFaults} take precedence.
 */
public abstract class FakeApi implements ResponseDefinitionTransformerV2, AutoCloseable {

    /** The mapper fakes use to read bodies and write answers. */
    protected static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;

    /** Starts WireMock on a free loopback port with this fake answering every request. */
    public final synchronized WireMockServer startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(getName())));
        return server;
    }

    /** The running server. */
    public final synchronized WireMockServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public final String baseUrl() {
        return server().baseUrl();
    }

    /** Stops the server. */
    @Override
    public final void close() {
        WireMockServer s = server();
        if (s != null) {
            s.stop();
        }
    }

    /** The extension's name: the class's simple name. */
    @Override
    public String getName() {
        return getClass().getSimpleName();
    }

    /** Only the fake's own stub uses it. */
    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Hands the request to {@link #handle}, one request at a time. */
    @Override
    public final ResponseDefinition transform(ServeEvent serveEvent) {
        synchronized (this) {
            return handle(serveEvent.getRequest());
        }
    }

    /** Answers one request from the fake's state. */
    protected abstract ResponseDefinition handle(Request request);

    /** The TXT values currently stored at {@code fqdn}, for the contract test. */
    public abstract Set<String> txtValues(String fqdn);

    /** A JSON answer. */
    protected static ResponseDefinition json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body as a JSON tree. */
    protected static JsonNode body(Request request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON", e);
        }
    }

    /** The request's path, without query. */
    protected static String path(Request request) {
        return URI.create(request.getUrl()).getRawPath();
    }

    /** The request's query parameters, decoded (the last one wins for repeated names). */
    protected static Map<String, String> query(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(request.getUrl()).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
