package dev.certpilot.dns.cloudflare;

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
 * Cloudflare API v4 as documented at https://developers.cloudflare.com/api/resources/dns/subresources/records/ and
 * https://developers.cloudflare.com/api/resources/zones/methods/list/: the envelope
 * {@code {success, errors, messages, result, result_info}}, zones found by {@code name}, records listed by
 * {@code type} and exact {@code name} with {@code page}/{@code per_page} pagination, one record per TXT value, error
 * 81058 "An identical record already exists." for a duplicate, 81044 "Record does not exist." on deleting a missing
 * record, and 403 with error 10000 "Authentication error" for a wrong token.
 */
final class CloudflareFake extends FakeApi {

    static final String TOKEN = "cf-token-Zk3vQ9xLm2P7sT4w";
    static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";

    private static final Pattern RECORDS = Pattern.compile("/zones/([^/]+)/dns_records(?:/([^/]+))?");

    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 1;

    CloudflareFake(String... zoneNames) {
        int i = 0;
        for (String z : zoneNames) {
            zones.put(i == 0 ? ZONE_ID : String.format("%032x", i), z);
            i++;
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return json(403, envelope(false, List.of(error(10000, "Authentication error")), null, null));
        }
        String path = path(request);
        Map<String, String> q = query(request);
        if (path.equals("/zones") && "GET".equals(request.getMethod().getName())) {
            List<Object> found = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (!q.containsKey("name") || q.get("name").equals(name)) {
                    found.add(Map.of("id", id, "name", name, "status", "active"));
                }
            });
            return page(found, q, 20);
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !zones.containsKey(m.group(1))) {
            return json(404, envelope(false, List.of(error(7003, "Could not route to " + path
                    + ", perhaps your object identifier is invalid?")), null, null));
        }
        String zoneId = m.group(1);
        String recordId = m.group(2);
        if (recordId == null && "GET".equals(request.getMethod().getName())) {
            List<Object> found = new ArrayList<>();
            for (Map<String, Object> r : records.values()) {
                if (r.get("zone_id").equals(zoneId) && (!q.containsKey("type") || q.get("type").equals(r.get("type")))
                        && (!q.containsKey("name") || q.get("name").equals(r.get("name")))) {
                    found.add(r);
                }
            }
            return page(found, q, 100);
        }
        if (recordId == null && "POST".equals(request.getMethod().getName())) {
            return create(zoneId, body(request));
        }
        if (recordId != null && "DELETE".equals(request.getMethod().getName())) {
            if (records.remove(recordId) == null) {
                return json(404, envelope(false, List.of(error(81044, "Record does not exist.")), null, null));
            }
            return json(200, Map.of("result", Map.of("id", recordId)));
        }
        return json(405, envelope(false, List.of(error(10000, "method not allowed")), null, null));
    }

    private ResponseDefinition create(String zoneId, JsonNode body) {
        String name = body.path("name").asText();
        String content = body.path("content").asText();
        for (Map<String, Object> r : records.values()) {
            if (r.get("name").equals(name) && r.get("content").equals(content)) {
                return json(400, envelope(false, List.of(error(81058, "An identical record already exists.")),
                        null, null));
            }
        }
        String id = String.format("%032x", 0xabc000 + nextId++);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("zone_id", zoneId);
        r.put("zone_name", zones.get(zoneId));
        r.put("name", name);
        r.put("type", body.path("type").asText());
        r.put("content", content);
        r.put("ttl", body.path("ttl").asInt());
        r.put("proxied", false);
        records.put(id, r);
        return json(200, envelope(true, List.of(), r, null));
    }

    private static ResponseDefinition page(List<Object> all, Map<String, String> q, int defaultPerPage) {
        int perPage = Integer.parseInt(q.getOrDefault("per_page", String.valueOf(defaultPerPage)));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int from = Math.min(all.size(), (page - 1) * perPage);
        List<Object> slice = all.subList(from, Math.min(all.size(), from + perPage));
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        return json(200, envelope(true, List.of(), slice, Map.of("page", page, "per_page", perPage,
                "count", slice.size(), "total_count", all.size(), "total_pages", totalPages)));
    }

    private static Map<String, Object> envelope(boolean success, List<Object> errors, Object result,
            Object resultInfo) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("success", success);
        e.put("errors", errors);
        e.put("messages", List.of());
        e.put("result", result);
        if (resultInfo != null) {
            e.put("result_info", resultInfo);
        }
        return e;
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("code", code, "message", message);
    }

    /** Adds a record directly, as if created elsewhere. */
    synchronized void addRecord(String name, String content) {
        String id = String.format("%032x", 0xdef000 + nextId++);
        records.put(id, new LinkedHashMap<>(Map.of("id", id, "zone_id", ZONE_ID, "name", name, "type", "TXT",
                "content", content, "ttl", 120)));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            if (r.get("name").equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("content")));
            }
        }
        return out;
    }
}
