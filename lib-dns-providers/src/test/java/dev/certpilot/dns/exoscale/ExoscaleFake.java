package dev.certpilot.dns.exoscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.testing.FakeApi;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Exoscale API v2 DNS endpoints as documented (https://openapi-v2.exoscale.com/#endpoint-dns,
 * https://community.exoscale.com/reference/api/dns/record):
 * <ul>
 *   <li>requests signed as https://openapi-v2.exoscale.com/topic/topic-api-request-signature says; an unknown key, a
 *       wrong signature or an expired one is 403 {@code {"message": ...}};</li>
 *   <li>{@code GET /v2/dns-domain}: {@code {"dns-domains": [{id, unicode-name, created-at}]}};</li>
 *   <li>{@code GET /v2/dns-domain/{id}/record}: {@code {"dns-domain-records": [{id, name, type, content, ttl,
 *       priority, system-record, created-at, updated-at}]}}, TXT content in quotes;</li>
 *   <li>{@code POST /v2/dns-domain/{id}/record} and {@code DELETE /v2/dns-domain/{id}/record/{record-id}} answer an
 *       operation {@code {id, state: "pending", reference}}; {@code GET /v2/operation/{id}} then answers
 *       {@code success}.</li>
 * </ul>
 */
final class ExoscaleFake extends FakeApi {

    static final String KEY = "EXO29147e9f89102b7ac1e88514";
    static final String SECRET = "Wq7rmJ0nGXcPeEzG2lwS0Dq3bVj5dE3yJg8K1gHhQ2A";

    private static final Pattern AUTH = Pattern.compile(
            "EXO2-HMAC-SHA256 credential=([^,]+)(?:,signed-query-args=([^,]+))?,expires=(\\d+),signature=(\\S+)");
    private static final Pattern RECORDS = Pattern.compile("/v2/dns-domain/([^/]+)/record(?:/([^/]+))?");

    /** Domains: id to name. */
    private final Map<String, String> domains = new LinkedHashMap<>();
    /** Records: id to fields. */
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> operations = new LinkedHashMap<>();

    ExoscaleFake(String... names) {
        for (String n : names) {
            domains.put(UUID.nameUUIDFromBytes(n.getBytes()).toString(), n);
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        ResponseDefinition refused = checkSignature(request);
        if (refused != null) {
            return refused;
        }
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/v2/dns-domain") && method.equals("GET")) {
            List<Object> out = new ArrayList<>();
            domains.forEach((id, name) -> out.add(Map.of("id", id, "unicode-name", name,
                    "created-at", "2025-11-03T08:00:03Z")));
            return json(200, Map.of("dns-domains", out));
        }
        if (path.startsWith("/v2/operation/") && method.equals("GET")) {
            Map<String, Object> op = operations.get(path.substring("/v2/operation/".length()));
            if (op == null) {
                return json(404, Map.of("message", "Operation not found"));
            }
            op.put("state", "success");
            return json(200, op);
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !domains.containsKey(m.group(1))) {
            return json(404, Map.of("message", "Resource not found"));
        }
        String domain = m.group(1);
        if (m.group(2) == null && method.equals("GET")) {
            List<Object> out = new ArrayList<>();
            records.values().forEach(r -> {
                if (r.get("domain").equals(domain)) {
                    Map<String, Object> copy = new LinkedHashMap<>(r);
                    copy.remove("domain");
                    out.add(copy);
                }
            });
            return json(200, Map.of("dns-domain-records", out));
        }
        if (m.group(2) == null && method.equals("POST")) {
            JsonNode body = body(request);
            String id = UUID.randomUUID().toString();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("domain", domain);
            r.put("id", id);
            r.put("name", body.path("name").asText());
            r.put("type", body.path("type").asText());
            String content = body.path("content").asText();
            r.put("content", "TXT".equals(body.path("type").asText()) && !content.startsWith("\"")
                    ? "\"" + content + "\"" : content);
            r.put("ttl", body.path("ttl").asInt(3600));
            r.put("priority", 0);
            r.put("system-record", false);
            r.put("created-at", "2026-03-01T10:00:00Z");
            r.put("updated-at", "2026-03-01T10:00:00Z");
            records.put(id, r);
            return json(200, operation(id));
        }
        if (m.group(2) != null && method.equals("DELETE")) {
            Map<String, Object> r = records.get(m.group(2));
            if (r == null || !r.get("domain").equals(domain)) {
                return json(404, Map.of("message", "Record not found"));
            }
            records.remove(m.group(2));
            return json(200, operation(m.group(2)));
        }
        return json(405, Map.of("message", "Method not allowed"));
    }

    private Map<String, Object> operation(String recordId) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", id);
        op.put("state", "pending");
        op.put("reference", Map.of("id", recordId, "link", "/v2/dns-domain-record/" + recordId,
                "command", "get-dns-domain-record"));
        operations.put(id, op);
        return op;
    }

    private ResponseDefinition checkSignature(Request request) {
        String auth = request.getHeader("Authorization");
        Matcher m = auth == null ? null : AUTH.matcher(auth);
        if (m == null || !m.matches() || !KEY.equals(m.group(1))) {
            return json(403, Map.of("message", "Invalid request signature"));
        }
        long expires = Long.parseLong(m.group(3));
        if (expires < Instant.now().getEpochSecond()) {
            return json(403, Map.of("message", "Expired request signature"));
        }
        URI uri = URI.create("http://" + request.getHeader("Host") + request.getUrl());
        String expected = ExoscaleSigner.authorization(KEY, SECRET, request.getMethod().getName(), uri,
                request.getBodyAsString(), expires);
        return expected.equals(auth) ? null : json(403, Map.of("message", "Invalid request signature"));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        records.values().forEach(r -> {
            String zone = domains.get(r.get("domain"));
            String name = ((String) r.get("name")).isEmpty() ? zone : r.get("name") + "." + zone;
            if (name.equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("content")));
            }
        });
        return out;
    }
}
