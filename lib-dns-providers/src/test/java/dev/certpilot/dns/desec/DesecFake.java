package dev.certpilot.dns.desec;

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
 * The deSEC API as documented at https://desec.readthedocs.io/en/latest/ (authentication: .../auth/tokens.html, domains:
 * .../dns/domains.html, RRsets: .../dns/rrsets.html, rate limits: .../rate-limits.html): {@code Authorization: Token}
 * (401 {@code {"detail": "Invalid token."}} otherwise), URLs ending in {@code /}, domains with {@code minimum_ttl}, one
 * RRset per subname and type ({@code @} in the URL at the apex) holding quoted TXT {@code records}, {@code POST} to
 * create (400 when it exists or the TTL is below the minimum), {@code PATCH} with {@code records} to replace them (an
 * empty list deletes the RRset, 204), 404 {@code {"detail": "Not found."}}.
 */
final class DesecFake extends FakeApi {

    static final String TOKEN = "i-T3b1h_OI-H9ab8tRS98stGtURe";

    private static final Pattern DOMAIN = Pattern.compile("/api/v1/domains/([^/]+)/");
    private static final Pattern RRSETS = Pattern.compile("/api/v1/domains/([^/]+)/rrsets/");
    private static final Pattern RRSET = Pattern.compile("/api/v1/domains/([^/]+)/rrsets/([^/]+)/([A-Z]+)/");

    private final Map<String, Integer> domains = new LinkedHashMap<>();
    /** domain -> subname -> RRset (TXT only). */
    private final Map<String, Map<String, Map<String, Object>>> rrsets = new LinkedHashMap<>();

    DesecFake(int minimumTtl, String... domainNames) {
        for (String d : domainNames) {
            domains.put(d, minimumTtl);
            rrsets.put(d, new LinkedHashMap<>());
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Token " + TOKEN).equals(request.getHeader("Authorization"))) {
            return json(401, Map.of("detail", "Invalid token."));
        }
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/api/v1/domains/") && method.equals("GET")) {
            List<Object> all = new ArrayList<>();
            domains.forEach((d, ttl) -> all.add(domain(d, ttl)));
            return json(200, all);
        }
        Matcher d = DOMAIN.matcher(path);
        if (d.matches() && method.equals("GET")) {
            return domains.containsKey(d.group(1)) ? json(200, domain(d.group(1), domains.get(d.group(1))))
                    : notFound();
        }
        Matcher c = RRSETS.matcher(path);
        if (c.matches() && method.equals("POST") && domains.containsKey(c.group(1))) {
            return create(c.group(1), body(request));
        }
        Matcher m = RRSET.matcher(path);
        if (!m.matches() || !domains.containsKey(m.group(1)) || !m.group(3).equals("TXT")) {
            return notFound();
        }
        Map<String, Map<String, Object>> sets = rrsets.get(m.group(1));
        String subname = m.group(2).equals("@") ? "" : m.group(2);
        if (method.equals("GET")) {
            return sets.containsKey(subname) ? json(200, sets.get(subname)) : notFound();
        }
        if (method.equals("PATCH")) {
            if (!sets.containsKey(subname)) {
                return notFound();
            }
            List<String> records = new ArrayList<>();
            body(request).path("records").forEach(r -> records.add(r.asText()));
            if (records.isEmpty()) {
                sets.remove(subname);
                return aResponse().withStatus(204).build();
            }
            sets.get(subname).put("records", records);
            return json(200, sets.get(subname));
        }
        return json(405, Map.of("detail", "Method \"" + method + "\" not allowed."));
    }

    private ResponseDefinition create(String domain, JsonNode body) {
        String subname = body.path("subname").asText("");
        if (rrsets.get(domain).containsKey(subname)) {
            return json(400, Map.of("non_field_errors",
                    List.of("Another RRset with the same subdomain and type exists for this domain.")));
        }
        if (body.path("ttl").asInt() < domains.get(domain)) {
            return json(400, Map.of("ttl", List.of("Ensure this value is greater than or equal to "
                    + domains.get(domain) + ".")));
        }
        List<String> records = new ArrayList<>();
        body.path("records").forEach(r -> records.add(r.asText()));
        Map<String, Object> rrset = new LinkedHashMap<>();
        rrset.put("created", "2020-05-06T11:46:07.641885Z");
        rrset.put("domain", domain);
        rrset.put("subname", subname);
        rrset.put("name", (subname.isEmpty() ? "" : subname + ".") + domain + ".");
        rrset.put("records", records);
        rrset.put("ttl", body.path("ttl").asInt());
        rrset.put("type", body.path("type").asText());
        rrset.put("touched", "2020-05-06T11:46:07.641885Z");
        rrsets.get(domain).put(subname, rrset);
        return json(201, rrset);
    }

    private static Map<String, Object> domain(String name, int minimumTtl) {
        return Map.of("created", "2022-11-12T18:01:35.454616Z", "published", "2022-11-12T18:03:19.516440Z",
                "touched", "2022-11-12T18:03:19.516440Z", "name", name, "minimum_ttl", minimumTtl);
    }

    private static ResponseDefinition notFound() {
        return json(404, Map.of("detail", "Not found."));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        rrsets.forEach((domain, sets) -> sets.forEach((subname, rrset) -> {
            if ((subname.isEmpty() ? domain : subname + "." + domain).equals(fqdn)) {
                ((List<String>) rrset.get("records")).forEach(r -> out.add(TxtValues.unquote(r)));
            }
        }));
        return out;
    }
}
