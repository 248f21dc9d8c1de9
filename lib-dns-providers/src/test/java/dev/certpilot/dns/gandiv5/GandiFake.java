package dev.certpilot.dns.gandiv5;

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
 * Gandi's LiveDNS API as documented at https://api.gandi.net/docs/livedns/ (authentication:
 * https://api.gandi.net/docs/authentication/): {@code Authorization: Bearer <personal access token>} or the deprecated
 * {@code Authorization: Apikey <key>}, domains by fqdn (404 otherwise), one record set per name and type holding
 * {@code rrset_values}, {@code PUT} replacing the whole set (201 {@code {"message": "DNS Record Created"}}),
 * {@code DELETE} removing it (204), TXT values returned quoted, errors as {@code {"code", "message", "object",
 * "cause"}}.
 */
final class GandiFake extends FakeApi {

    static final String PAT = "pat_4f1e2d3c-5b6a-7980-a1b2-c3d4e5f6a7b8";
    static final String API_KEY = "gandi-legacy-apikey-6Yq2Wm9Rt5Zx";

    private static final Pattern DOMAIN = Pattern.compile("/v5/livedns/domains/([^/]+)");
    private static final Pattern RRSET = Pattern.compile("/v5/livedns/domains/([^/]+)/records/([^/]+)/([A-Z]+)");

    private final List<String> domains;
    /** domain -> name -> values (TXT only). */
    private final Map<String, Map<String, List<String>>> sets = new LinkedHashMap<>();

    GandiFake(String... domains) {
        this.domains = List.of(domains);
        this.domains.forEach(d -> sets.put(d, new LinkedHashMap<>()));
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        String auth = request.getHeader("Authorization");
        if (!("Bearer " + PAT).equals(auth) && !("Apikey " + API_KEY).equals(auth)) {
            return error(401, "The server could not verify that you authorized to access the document you requested."
                    + " Either you supplied the wrong credentials (e.g., bad api key), or your access token has expired",
                    "HTTPUnauthorized", "Unauthorized");
        }
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/v5/livedns/domains") && method.equals("GET")) {
            Map<String, String> q = query(request);
            int perPage = Integer.parseInt(q.getOrDefault("per_page", "100"));
            int page = Integer.parseInt(q.getOrDefault("page", "1"));
            List<Object> all = new ArrayList<>();
            domains.forEach(d -> all.add(Map.of("fqdn", d, "domain_href",
                    "https://api.gandi.net/v5/livedns/domains/" + d, "automatic_snapshots", true)));
            int from = Math.min(all.size(), (page - 1) * perPage);
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withHeader("total-count", String.valueOf(all.size()))
                    .withBody(write(all.subList(from, Math.min(all.size(), from + perPage)))).build();
        }
        Matcher d = DOMAIN.matcher(path);
        if (d.matches() && method.equals("GET")) {
            return domains.contains(d.group(1))
                    ? json(200, Map.of("fqdn", d.group(1), "automatic_snapshots", true,
                            "domain_records_href", "https://api.gandi.net/v5/livedns/domains/" + d.group(1) + "/records"))
                    : notFound();
        }
        Matcher m = RRSET.matcher(path);
        if (!m.matches() || !domains.contains(m.group(1)) || !m.group(3).equals("TXT")) {
            return notFound();
        }
        Map<String, List<String>> names = sets.get(m.group(1));
        String name = m.group(2);
        switch (method) {
            case "GET":
                if (!names.containsKey(name)) {
                    return notFound();
                }
                return json(200, Map.of("rrset_name", name, "rrset_type", "TXT", "rrset_ttl", 300,
                        "rrset_values", names.get(name), "rrset_href",
                        "https://api.gandi.net/v5/livedns/domains/" + m.group(1) + "/records/" + name + "/TXT"));
            case "PUT":
                JsonNode body = body(request);
                if (body.path("rrset_ttl").asInt(10800) < 300) {
                    return error(400, "rrset_ttl: must be at least 300", "HTTPBadRequest", "Bad Request");
                }
                List<String> values = new ArrayList<>();
                body.path("rrset_values").forEach(v -> values.add(quoted(v.asText())));
                names.put(name, values);
                return json(201, Map.of("message", "DNS Record Created"));
            case "DELETE":
                if (names.remove(name) == null) {
                    return notFound();
                }
                return aResponse().withStatus(204).build();
            default:
                return error(405, "Method Not Allowed", "HTTPMethodNotAllowed", "Method Not Allowed");
        }
    }

    /** LiveDNS stores TXT values in presentation format: a value sent without quotes comes back quoted. */
    private static String quoted(String v) {
        return v.startsWith("\"") ? v : TxtValues.quote(v);
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinition notFound() {
        return error(404, "The resource could not be found.", "HTTPNotFound", "Not Found");
    }

    private static ResponseDefinition error(int code, String message, String object, String cause) {
        return json(code, Map.of("code", code, "message", message, "object", object, "cause", cause));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        sets.forEach((domain, names) -> names.forEach((name, values) -> {
            if ((name.equals("@") ? domain : name + "." + domain).equals(fqdn)) {
                values.forEach(v -> out.add(TxtValues.unquote(v)));
            }
        }));
        return out;
    }
}
