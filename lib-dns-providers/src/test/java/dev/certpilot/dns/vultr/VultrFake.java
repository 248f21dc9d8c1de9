package dev.certpilot.dns.vultr;

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
 * Vultr's API v2 DNS endpoints as documented at https://www.vultr.com/api/#tag/dns (authentication:
 * https://www.vultr.com/api/#section/Authentication, cursor paging: https://www.vultr.com/api/#section/Introduction/
 * Meta-and-Pagination): {@code Authorization: Bearer} (401 {@code {"error": "Invalid API token.", "status": 401}}
 * otherwise), domains by name, records of a domain named relative to it (empty at the apex) with quoted TXT
 * {@code data}, {@code per_page}/{@code cursor} paging with {@code meta.links.next}, 201 {@code {"record": {...}}} on
 * create and 204 on delete.
 */
final class VultrFake extends FakeApi {

    static final String TOKEN = "EXAMPLEKEY7QZ2W4M6N8P0R2T4V6X8Z0B2D4F";

    private static final Pattern DOMAIN = Pattern.compile("/v2/domains/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/v2/domains/([^/]+)/records(?:/([^/]+))?");

    private final List<String> domains;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 1;
    private final int pageLimit;

    /** @param pageLimit the most items a page holds, whatever {@code per_page} asks, so that paging is exercised */
    VultrFake(int pageLimit, String... domains) {
        this.pageLimit = pageLimit;
        this.domains = List.of(domains);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return error(401, "Invalid API token.");
        }
        String path = path(request);
        String method = request.getMethod().getName();
        Map<String, String> q = query(request);
        if (path.equals("/v2/domains") && method.equals("GET")) {
            List<Object> all = new ArrayList<>();
            domains.forEach(d -> all.add(Map.of("domain", d, "date_created", "2020-10-10T01:56:20+00:00",
                    "dns_sec", "disabled")));
            return page("domains", all, q);
        }
        Matcher d = DOMAIN.matcher(path);
        if (d.matches() && method.equals("GET")) {
            return domains.contains(d.group(1)) ? json(200, Map.of("domain", Map.of("domain", d.group(1),
                    "date_created", "2020-10-10T01:56:20+00:00", "dns_sec", "disabled")))
                    : error(404, "Domain not found.");
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !domains.contains(m.group(1))) {
            return error(404, "Domain not found.");
        }
        String domain = m.group(1);
        if (m.group(2) == null && method.equals("GET")) {
            List<Object> found = new ArrayList<>();
            records.values().stream().filter(r -> r.get("domain").equals(domain)).map(VultrFake::view)
                    .forEach(found::add);
            return page("records", found, q);
        }
        if (m.group(2) == null && method.equals("POST")) {
            JsonNode body = body(request);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", String.format("cb676a46-66fd-4dfb-b839-%012d", nextId++));
            r.put("domain", domain);
            r.put("type", body.path("type").asText());
            r.put("name", body.path("name").asText());
            r.put("data", body.path("data").asText());
            r.put("priority", body.path("priority").asInt(-1));
            r.put("ttl", body.path("ttl").asInt(300));
            records.put((String) r.get("id"), r);
            return json(201, Map.of("record", view(r)));
        }
        if (m.group(2) != null && method.equals("DELETE")) {
            return records.remove(m.group(2)) == null ? error(404, "Record not found.")
                    : aResponse().withStatus(204).build();
        }
        return error(405, "Method not allowed.");
    }

    private static Map<String, Object> view(Map<String, Object> r) {
        Map<String, Object> v = new LinkedHashMap<>(r);
        v.remove("domain");
        return v;
    }

    private ResponseDefinition page(String field, List<Object> all, Map<String, String> q) {
        int perPage = Math.min(pageLimit, Integer.parseInt(q.getOrDefault("per_page", "100")));
        int from = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor").substring("offset-".length())) : 0;
        int to = Math.min(all.size(), from + perPage);
        return json(200, Map.of(field, all.subList(Math.min(from, all.size()), to), "meta", Map.of("total", all.size(),
                "links", Map.of("next", to < all.size() ? "offset-" + to : "", "prev", ""))));
    }

    private static ResponseDefinition error(int status, String message) {
        return json(status, Map.of("error", message, "status", status));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            String name = (String) r.get("name");
            String full = name.isEmpty() ? (String) r.get("domain") : name + "." + r.get("domain");
            if (full.equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("data")));
            }
        }
        return out;
    }
}
