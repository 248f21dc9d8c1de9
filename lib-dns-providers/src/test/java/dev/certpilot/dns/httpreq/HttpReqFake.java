package dev.certpilot.dns.httpreq;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.testing.FakeApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A server of lego's httpreq protocol as documented at https://go-acme.github.io/lego/dns/httpreq/: {@code POST
 * /present} and {@code POST /cleanup} with {@code {"fqdn": "<name>.", "value": "..."}}, HTTP basic authentication
 * (401 without it), keeping every value per name as the protocol expects of a server.
 */
final class HttpReqFake extends FakeApi {

    static final String USER = "certpilot";
    static final String PASSWORD = "httpreq-pass-W3xK9q";

    private final Map<String, Set<String>> values = new LinkedHashMap<>();

    @Override
    protected ResponseDefinition handle(Request request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            return json(401, Map.of("message", "Unauthorized"));
        }
        JsonNode body = body(request);
        String fqdn = body.path("fqdn").asText();
        if (!fqdn.endsWith(".") || body.path("value").asText().isEmpty()) {
            return json(400, Map.of("message", "fqdn must end with a dot and value must be set"));
        }
        switch (path(request)) {
            case "/present" -> values.computeIfAbsent(fqdn, k -> new LinkedHashSet<>()).add(body.path("value").asText());
            case "/cleanup" -> values.getOrDefault(fqdn, new LinkedHashSet<>()).remove(body.path("value").asText());
            default -> {
                return json(404, Map.of("message", "not found"));
            }
        }
        return json(200, Map.of());
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        return Set.copyOf(values.getOrDefault(fqdn + ".", Set.of()));
    }
}
