package dev.certpilot.dns.digitalocean;

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
 * DigitalOcean API v2 as documented at https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domains and
 * https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records (the OpenAPI source is
 * https://github.com/digitalocean/openapi, {@code specification/resources/domains}): {@code Authorization: Bearer},
 * domains by name ({@code {"domain": {...}}}, 404 {@code not_found}), records filtered by {@code type} and fully
 * qualified {@code name}, records named relative to the domain ({@code @} at the apex), {@code page}/{@code per_page}
 * paging with absolute {@code links.pages.next} URLs and {@code meta.total}, 201 {@code {"domain_record": {...}}} on
 * create, 204 on delete, and errors as {@code {"id", "message"}} (401 {@code unauthorized}).
 */
final class DigitalOceanFake extends FakeApi {

    static final String TOKEN = "dop_v1_8f2c1d0e4b7a4c6e9d3f5a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";

    private static final Pattern DOMAIN = Pattern.compile("/v2/domains/([^/]+)");
    private static final Pattern RECORDS = Pattern.compile("/v2/domains/([^/]+)/records(?:/([0-9]+))?");

    private final List<String> domains;
    private final Map<Integer, Map<String, Object>> records = new LinkedHashMap<>();
    private int nextId = 28448433;

    DigitalOceanFake(String... domains) {
        this.domains = List.of(domains);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return json(401, error("unauthorized", "Unable to authenticate you"));
        }
        String path = path(request);
        String method = request.getMethod().getName();
        Map<String, String> q = query(request);
        if (path.equals("/v2/domains") && method.equals("GET")) {
            List<Object> all = new ArrayList<>();
            domains.forEach(d -> all.add(Map.of("name", d, "ttl", 1800, "zone_file", "")));
            return page(path, "domains", all, q);
        }
        Matcher d = DOMAIN.matcher(path);
        if (d.matches() && method.equals("GET")) {
            return domains.contains(d.group(1))
                    ? json(200, Map.of("domain", Map.of("name", d.group(1), "ttl", 1800, "zone_file", "")))
                    : notFound();
        }
        Matcher m = RECORDS.matcher(path);
        if (!m.matches() || !domains.contains(m.group(1))) {
            return notFound();
        }
        String domain = m.group(1);
        if (m.group(2) == null && method.equals("GET")) {
            List<Object> found = new ArrayList<>();
            for (Map<String, Object> r : records.values()) {
                if (r.get("domain").equals(domain) && (!q.containsKey("type") || q.get("type").equals(r.get("type")))
                        && (!q.containsKey("name") || q.get("name").equals(fqdn(r)))) {
                    found.add(view(r));
                }
            }
            return page(path, "domain_records", found, q);
        }
        if (m.group(2) == null && method.equals("POST")) {
            JsonNode body = body(request);
            if (body.path("ttl").asInt(1800) < 30) {
                return json(422, error("unprocessable_entity", "Ttl must be greater than or equal to 30."));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", nextId++);
            r.put("domain", domain);
            r.put("type", body.path("type").asText());
            r.put("name", body.path("name").asText());
            r.put("data", body.path("data").asText());
            r.put("ttl", body.path("ttl").asInt(1800));
            records.put((Integer) r.get("id"), r);
            return json(201, Map.of("domain_record", view(r)));
        }
        if (m.group(2) != null && method.equals("DELETE")) {
            return records.remove(Integer.valueOf(m.group(2))) == null ? notFound()
                    : aResponse().withStatus(204).build();
        }
        return json(405, error("method_not_allowed", "method not allowed"));
    }

    private static String fqdn(Map<String, Object> r) {
        String name = (String) r.get("name");
        return name.equals("@") ? (String) r.get("domain") : name + "." + r.get("domain");
    }

    private static Map<String, Object> view(Map<String, Object> r) {
        Map<String, Object> v = new LinkedHashMap<>(r);
        v.remove("domain");
        v.put("priority", null);
        v.put("port", null);
        v.put("weight", null);
        v.put("flags", null);
        v.put("tag", null);
        return v;
    }

    private static ResponseDefinition page(String path, String field, List<Object> all, Map<String, String> q) {
        int perPage = Math.min(200, Integer.parseInt(q.getOrDefault("per_page", "20")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int from = Math.min(all.size(), (page - 1) * perPage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, all.subList(from, Math.min(all.size(), from + perPage)));
        Map<String, Object> pages = new LinkedHashMap<>();
        if (from + perPage < all.size()) {
            pages.put("next", "https://api.digitalocean.com" + path + "?page=" + (page + 1) + "&per_page=" + perPage);
        }
        body.put("links", pages.isEmpty() ? Map.of() : Map.of("pages", pages));
        body.put("meta", Map.of("total", all.size()));
        return json(200, body);
    }

    private static ResponseDefinition notFound() {
        return json(404, error("not_found", "The resource you requested could not be found."));
    }

    private static Map<String, Object> error(String id, String message) {
        return Map.of("id", id, "message", message);
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : records.values()) {
            if (fqdn(r).equals(fqdn) && "TXT".equals(r.get("type"))) {
                out.add(TxtValues.unquote((String) r.get("data")));
            }
        }
        return out;
    }
}
