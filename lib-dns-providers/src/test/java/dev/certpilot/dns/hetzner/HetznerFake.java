package dev.certpilot.dns.hetzner;

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

/**
 * The Hetzner DNS Console API as documented at https://dns.hetzner.com/api-docs: {@code Auth-API-Token} header (401
 * {@code {"message": "Invalid authentication credentials"}} without a valid one), zones by exact {@code name} (404
 * {@code zone not found} when there is none), records of a zone by {@code zone_id} with names relative to the zone,
 * {@code page}/{@code per_page} paging with {@code meta.pagination}, {@code {"record": {...}}} on create, and errors as
 * {@code {"error": {"message", "code"}}}.
 */
final class HetznerFake extends FakeApi {

    static final String TOKEN = "LlGoDUQ39S6akqoav5meAsv5OIpeywhj";
    static final String ZONE_ID = "HBdQFJnR5pcs3K3KkA2rXh";

    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 1;

    HetznerFake(String... zoneNames) {
        int i = 0;
        for (String z : zoneNames) {
            zones.put(i++ == 0 ? ZONE_ID : "zone" + i, z);
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!TOKEN.equals(request.getHeader("Auth-API-Token"))) {
            return json(401, Map.of("message", "Invalid authentication credentials"));
        }
        String path = path(request);
        String method = request.getMethod().getName();
        Map<String, String> q = query(request);
        if (path.equals("/api/v1/zones") && method.equals("GET")) {
            List<Object> found = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (!q.containsKey("name") || q.get("name").equals(name)) {
                    found.add(Map.of("id", id, "name", name, "ttl", 86400, "status", "verified"));
                }
            });
            if (found.isEmpty() && q.containsKey("name")) {
                return json(404, Map.of("zones", List.of(), "error", error("zone not found", 404)));
            }
            return page("zones", found, q);
        }
        if (path.equals("/api/v1/records") && method.equals("GET")) {
            if (!zones.containsKey(q.get("zone_id"))) {
                return json(404, Map.of("records", List.of(), "error", error("zone not found", 404)));
            }
            List<Object> found = new ArrayList<>();
            records.values().stream().filter(r -> r.get("zone_id").equals(q.get("zone_id"))).forEach(found::add);
            return page("records", found, q);
        }
        if (path.equals("/api/v1/records") && method.equals("POST")) {
            JsonNode body = body(request);
            if (!zones.containsKey(body.path("zone_id").asText())) {
                return json(422, Map.of("record", Map.of(), "error", error("invalid zone_id", 422)));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", "rec" + nextId++);
            r.put("type", body.path("type").asText());
            r.put("name", body.path("name").asText());
            r.put("value", body.path("value").asText());
            r.put("ttl", body.path("ttl").asInt());
            r.put("zone_id", body.path("zone_id").asText());
            r.put("created", "2020-05-08T10:49:18Z");
            r.put("modified", "2020-05-08T10:49:18Z");
            records.put((String) r.get("id"), r);
            return json(200, Map.of("record", r));
        }
        if (path.startsWith("/api/v1/records/") && method.equals("DELETE")) {
            return records.remove(path.substring("/api/v1/records/".length())) == null
                    ? json(404, Map.of("record", Map.of(), "error", error("record not found", 404)))
                    : json(200, Map.of());
        }
        return json(404, Map.of("error", error("not found", 404)));
    }

    private static ResponseDefinition page(String field, List<Object> all, Map<String, String> q) {
        int perPage = Integer.parseInt(q.getOrDefault("per_page", "100"));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int from = Math.min(all.size(), (page - 1) * perPage);
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        return json(200, Map.of(field, all.subList(from, Math.min(all.size(), from + perPage)), "meta",
                Map.of("pagination", Map.of("page", page, "per_page", perPage, "previous_page", Math.max(1, page - 1),
                        "next_page", Math.min(last, page + 1), "last_page", last, "total_entries", all.size()))));
    }

    private static Map<String, Object> error(String message, int code) {
        return Map.of("message", message, "code", code);
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            String zone = zones.get((String) r.get("zone_id"));
            String name = (String) r.get("name");
            String full = name.equals("@") ? zone : name + "." + zone;
            if (full.equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("value")));
            }
        }
        return out;
    }
}
