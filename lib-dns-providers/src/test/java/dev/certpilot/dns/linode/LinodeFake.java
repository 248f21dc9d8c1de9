package dev.certpilot.dns.linode;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.testing.FakeApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linode API v4 domains endpoints as documented at https://techdocs.akamai.com/linode-api/reference/get-domains,
 * .../get-domain-records, .../post-domain-record and .../delete-domain-record (filtering:
 * https://techdocs.akamai.com/linode-api/reference/filtering-and-sorting; paging:
 * https://techdocs.akamai.com/linode-api/reference/pagination): {@code Authorization: Bearer}, lists as
 * {@code {"data", "page", "pages", "results"}} with {@code page}/{@code page_size}, domains filterable with
 * {@code X-Filter: {"domain": ...}}, records named relative to the domain (empty at the apex) with the TXT value in
 * {@code target}, and errors as {@code {"errors": [{"reason"}]}} (401 "Invalid Token").
 */
final class LinodeFake extends FakeApi {

    static final String TOKEN = "f3c8e2a1b4d5c6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1";

    private static final Pattern RECORDS = Pattern.compile("/v4/domains/([0-9]+)/records(?:/([0-9]+))?");

    private final Map<Integer, String> domains = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 123456;

    LinodeFake(String... domainNames) {
        int id = 1234;
        for (String d : domainNames) {
            domains.put(id++, d);
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return errors(401, "Invalid Token");
        }
        String path = path(request);
        String method = request.getMethod().getName();
        Map<String, String> q = query(request);
        if (path.equals("/v4/domains") && method.equals("GET")) {
            String wanted = null;
            if (request.containsHeader("X-Filter")) {
                wanted = parse(request.getHeader("X-Filter")).path("domain").asText(null);
            }
            List<Object> found = new ArrayList<>();
            for (Map.Entry<Integer, String> d : domains.entrySet()) {
                if (wanted == null || wanted.equals(d.getValue())) {
                    found.add(Map.of("id", d.getKey(), "domain", d.getValue(), "type", "master", "status", "active",
                            "soa_email", "admin@" + d.getValue()));
                }
            }
            return page(found, q);
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !domains.containsKey(Integer.valueOf(m.group(1)))) {
            return errors(404, "Not found");
        }
        int domainId = Integer.parseInt(m.group(1));
        if (m.group(2) == null && method.equals("GET")) {
            List<Object> found = new ArrayList<>();
            records.values().stream().filter(r -> r.get("domain_id").equals(domainId)).forEach(found::add);
            return page(found, q);
        }
        if (m.group(2) == null && method.equals("POST")) {
            JsonNode body = body(request);
            if (body.path("target").asText().isEmpty()) {
                return json(400, Map.of("errors", List.of(Map.of("field", "target", "reason", "target is required"))));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", nextId++);
            r.put("domain_id", domainId);
            r.put("type", body.path("type").asText());
            r.put("name", body.path("name").asText());
            r.put("target", body.path("target").asText());
            r.put("ttl_sec", body.path("ttl_sec").asInt(0));
            r.put("priority", 0);
            r.put("weight", 0);
            r.put("port", 0);
            records.put((Integer) r.get("id"), r);
            return json(200, r);
        }
        if (m.group(2) != null && method.equals("DELETE")) {
            return records.remove(Integer.valueOf(m.group(2))) == null ? errors(404, "Not found") : json(200, Map.of());
        }
        return errors(405, "Method Not Allowed");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("X-Filter is not JSON", e);
        }
    }

    private static ResponseDefinition page(List<Object> all, Map<String, String> q) {
        int size = Integer.parseInt(q.getOrDefault("page_size", "100"));
        if (size < 25 || size > 500) {
            return json(400, Map.of("errors", List.of(Map.of("field", "page_size",
                    "reason", "Must be a value between 25 and 500"))));
        }
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int from = Math.min(all.size(), (page - 1) * size);
        return json(200, Map.of("data", all.subList(from, Math.min(all.size(), from + size)), "page", page,
                "pages", Math.max(1, (all.size() + size - 1) / size), "results", all.size()));
    }

    private static ResponseDefinition errors(int status, String reason) {
        return json(status, Map.of("errors", List.of(Map.of("reason", reason))));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            String domain = domains.get((Integer) r.get("domain_id"));
            String name = (String) r.get("name");
            if ((name.isEmpty() ? domain : name + "." + domain).equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("target")));
            }
        }
        return out;
    }
}
