package dev.certpilot.dns.dnsimple;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

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
 * DNSimple's API v2 as documented at https://developer.dnsimple.com/v2/ (identity: .../v2/identity/, zones:
 * .../v2/zones/, zone records: .../v2/zones/records/, pagination: .../v2/#pagination, errors: .../v2/#errors):
 * {@code Authorization: Bearer} (401 {@code {"message": "Authentication failed"}} otherwise), {@code /v2/whoami}
 * naming the account of an account token, results in {@code data} with {@code pagination}, zones by name (404
 * {@code Zone `x` not found}), records filtered by exact relative {@code name} and {@code type}, 201 on create, 204 on
 * delete.
 */
final class DnsimpleFake extends FakeApi {

    static final String TOKEN = "dnsimpletest_a_7Hk2Qw9Zr4Xm1Np8Ls5Vt3Bj6";
    static final int ACCOUNT = 1010;

    private static final Pattern ZONE = Pattern.compile("/v2/([0-9]+)/zones/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/v2/([0-9]+)/zones/([^/]+)/records(?:/([0-9]+))?");

    private final List<String> zones;
    private final Map<Integer, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 64784;

    DnsimpleFake(String... zones) {
        this.zones = List.of(zones);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return json(401, Map.of("message", "Authentication failed"));
        }
        String path = path(request);
        String method = request.getMethod().getName();
        Map<String, String> q = query(request);
        if (path.equals("/v2/whoami")) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("user", null);
            data.put("account", Map.of("id", ACCOUNT, "email", "example-account@example.com",
                    "plan_identifier", "teams-v1-monthly", "created_at", "2015-09-18T23:04:37Z",
                    "updated_at", "2016-06-09T20:03:39Z"));
            return json(200, Map.of("data", data));
        }
        if (path.equals("/v2/" + ACCOUNT + "/zones") && method.equals("GET")) {
            List<Object> all = new ArrayList<>();
            zones.forEach(z -> all.add(zone(z)));
            return page(all, q);
        }
        Matcher z = ZONE.matcher(path);
        if (z.matches() && method.equals("GET")) {
            return isOurs(z.group(1), z.group(2)) ? json(200, Map.of("data", zone(z.group(2))))
                    : json(404, Map.of("message", "Zone `" + z.group(2) + "` not found"));
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !isOurs(m.group(1), m.group(2))) {
            return json(404, Map.of("message", "Zone `" + path + "` not found"));
        }
        String zone = m.group(2);
        if (m.group(3) == null && method.equals("GET")) {
            List<Object> found = new ArrayList<>();
            for (Map<String, Object> r : records.values()) {
                if (r.get("zone_id").equals(zone) && (!q.containsKey("name") || q.get("name").equals(r.get("name")))
                        && (!q.containsKey("type") || q.get("type").equals(r.get("type")))) {
                    found.add(r);
                }
            }
            return page(found, q);
        }
        if (m.group(3) == null && method.equals("POST")) {
            JsonNode body = body(request);
            if (body.path("content").asText().isEmpty()) {
                return json(400, Map.of("message", "Validation failed", "errors",
                        Map.of("content", List.of("can't be blank"))));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", nextId++);
            r.put("zone_id", zone);
            r.put("parent_id", null);
            r.put("name", body.path("name").asText());
            r.put("content", body.path("content").asText());
            r.put("ttl", body.path("ttl").asInt(3600));
            r.put("priority", null);
            r.put("type", body.path("type").asText());
            r.put("regions", List.of("global"));
            r.put("system_record", false);
            r.put("created_at", "2016-01-07T17:45:13Z");
            r.put("updated_at", "2016-01-07T17:45:13Z");
            records.put((Integer) r.get("id"), r);
            return json(201, Map.of("data", r));
        }
        if (m.group(3) != null && method.equals("DELETE")) {
            return records.remove(Integer.valueOf(m.group(3))) == null
                    ? json(404, Map.of("message", "Record `" + m.group(3) + "` not found"))
                    : aResponse().withStatus(204).build();
        }
        return json(405, Map.of("message", "Method not allowed"));
    }

    private boolean isOurs(String account, String zone) {
        return account.equals(String.valueOf(ACCOUNT)) && zones.contains(zone);
    }

    private static Map<String, Object> zone(String name) {
        return Map.of("id", Math.abs(name.hashCode()), "account_id", ACCOUNT, "name", name, "reverse", false,
                "created_at", "2015-04-23T07:40:03Z", "updated_at", "2015-04-23T07:40:03Z");
    }

    private static ResponseDefinition page(List<Object> all, Map<String, String> q) {
        int perPage = Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int from = Math.min(all.size(), (page - 1) * perPage);
        return json(200, Map.of("data", all.subList(from, Math.min(all.size(), from + perPage)), "pagination",
                Map.of("current_page", page, "per_page", perPage, "total_entries", all.size(),
                        "total_pages", Math.max(1, (all.size() + perPage - 1) / perPage))));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            String name = (String) r.get("name");
            String full = name.isEmpty() ? (String) r.get("zone_id") : name + "." + r.get("zone_id");
            if (full.equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("content")));
            }
        }
        return out;
    }
}
