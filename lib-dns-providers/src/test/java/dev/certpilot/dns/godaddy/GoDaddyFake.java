package dev.certpilot.dns.godaddy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.testing.FakeApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoDaddy's Domains API v1 as documented (https://developer.godaddy.com/doc/endpoint/domains and
 * https://developer.godaddy.com/getstarted):
 * <ul>
 *   <li>{@code Authorization: sso-key <key>:<secret>}, else 401 {@code UNABLE_TO_AUTHENTICATE};</li>
 *   <li>{@code GET /v1/domains/{domain}}: the domain, 404 {@code NOT_FOUND} when not in the account;</li>
 *   <li>{@code GET /v1/domains/{domain}/records/{type}/{name}}: the records, {@code [{data, name, ttl, type}]};</li>
 *   <li>{@code PUT /v1/domains/{domain}/records/{type}/{name}} ({@code recordReplaceTypeName}): replaces them with the
 *       body {@code [{data, ttl}]}; a TTL under 600 or empty data is 422 {@code INVALID_BODY} with {@code fields};</li>
 *   <li>{@code DELETE /v1/domains/{domain}/records/{type}/{name}}: 204, or 404 when there is none.</li>
 * </ul>
 */
final class GoDaddyFake extends FakeApi {

    static final String KEY = "dKD8b2LkMSQH_7ZyPnJrGuEH6mrUuAc5Q1n";
    static final String SECRET = "9NMknBLymPEVjrNBTkSnqQ";

    private static final Pattern DOMAIN = Pattern.compile("/v1/domains/([^/]+)(?:/records/([^/]+)/([^/]+))?");

    private final Set<String> domains = new LinkedHashSet<>();
    /** Records: "domain|TYPE|name" to [{data, ttl}]. */
    private final Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();

    GoDaddyFake(String... domainNames) {
        domains.addAll(List.of(domainNames));
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("sso-key " + KEY + ":" + SECRET).equals(request.getHeader("Authorization"))) {
            return error(401, "UNABLE_TO_AUTHENTICATE", "Unable to authenticate request", List.of());
        }
        Matcher m = DOMAIN.matcher(path(request));
        if (!m.matches()) {
            return error(404, "NOT_FOUND", "The requested resource was not found", List.of());
        }
        String domain = m.group(1);
        if (!domains.contains(domain)) {
            return error(404, "NOT_FOUND", "Domain " + domain + " not found", List.of());
        }
        String method = request.getMethod().getName();
        if (m.group(2) == null) {
            return method.equals("GET") ? json(200, Map.of("domain", domain, "domainId", 1002111,
                    "status", "ACTIVE", "expires", "2027-01-01T00:00:00.000Z", "nameServers",
                    List.of("ns51.domaincontrol.com", "ns52.domaincontrol.com"))) : json(405, Map.of());
        }
        String type = m.group(2);
        String name = URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
        String key = domain + "|" + type + "|" + name;
        switch (method) {
            case "GET" -> {
                List<Object> out = new ArrayList<>();
                for (Map<String, Object> r : records.getOrDefault(key, List.of())) {
                    out.add(Map.of("data", r.get("data"), "name", name, "ttl", r.get("ttl"), "type", type));
                }
                return json(200, out);
            }
            case "PUT" -> {
                JsonNode body = body(request);
                List<Map<String, Object>> next = new ArrayList<>();
                int i = 0;
                for (JsonNode r : body) {
                    if (r.path("data").asText("").isEmpty() || r.path("ttl").asInt(0) < 600) {
                        return error(422, "INVALID_BODY", "Request body doesn't fulfill schema, see details in `fields`",
                                List.of(Map.of("code", "UNEXPECTED_VALUE", "message", "must be at least 600 "
                                        + "and data must not be empty", "path", "records[" + i + "]")));
                    }
                    next.add(Map.of("data", r.path("data").asText(), "ttl", r.path("ttl").asInt()));
                    i++;
                }
                records.put(key, next);
                return aResponse().withStatus(200).build();
            }
            case "DELETE" -> {
                if (records.remove(key) == null) {
                    return error(404, "NOT_FOUND", "Record not found", List.of());
                }
                return aResponse().withStatus(204).build();
            }
            default -> {
                return json(405, Map.of());
            }
        }
    }

    private static ResponseDefinition error(int status, String code, String message, List<Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (!fields.isEmpty()) {
            body.put("fields", fields);
        }
        return json(status, body);
    }

    /** Whether TXT records exist at the name. */
    synchronized boolean hasTxt(String domain, String name) {
        return records.containsKey(domain + "|TXT|" + name);
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        records.forEach((k, list) -> {
            String[] parts = k.split("\\|");
            String name = parts[2].equals("@") ? parts[0] : parts[2] + "." + parts[0];
            if (parts[1].equals("TXT") && name.equals(fqdn)) {
                list.forEach(r -> out.add((String) r.get("data")));
            }
        });
        return out;
    }
}
