package dev.certpilot.dns.porkbun;

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
 * Porkbun's API v3 as documented at https://porkbun.com/api/json/v3/documentation: every call a {@code POST} with
 * {@code apikey} and {@code secretapikey} in the JSON body (HTTP 400 {@code "Invalid API key. (002)"} otherwise),
 * {@code /domain/listAll} with {@code start} (1000 domains a page), {@code /dns/retrieveByNameType/<domain>/<type>
 * [/<subdomain>]}, {@code /dns/create/<domain>} answering the new {@code id}, {@code /dns/delete/<domain>/<id>}, record
 * names given as subdomains and listed as full names, and answers as {@code {"status": "SUCCESS"|"ERROR", ...}}.
 */
final class PorkbunFake extends FakeApi {

    static final String API_KEY = "pk1_4f8a1c2e3b5d6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";
    static final String SECRET_KEY = "sk1_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

    private final List<String> domains;
    private final Map<Long, Map<String, Object>> records = new LinkedHashMap<>();
    private long nextId = 106926652;

    PorkbunFake(String... domains) {
        this.domains = List.of(domains);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!request.getMethod().getName().equals("POST")) {
            return json(405, Map.of("status", "ERROR", "message", "Method not allowed."));
        }
        JsonNode body = body(request);
        if (!API_KEY.equals(body.path("apikey").asText()) || !SECRET_KEY.equals(body.path("secretapikey").asText())) {
            return error("Invalid API key. (002)");
        }
        String[] p = path(request).substring(1).split("/");
        if (p.length == 2 && p[0].equals("domain") && p[1].equals("listAll")) {
            int start = Integer.parseInt(body.path("start").asText("0"));
            List<Object> page = new ArrayList<>();
            for (int i = start; i < Math.min(domains.size(), start + 1000); i++) {
                page.add(Map.of("domain", domains.get(i), "status", "ACTIVE", "tld", "com",
                        "createDate", "2018-08-20 17:52:51", "expireDate", "2023-08-20 17:52:51",
                        "securityLock", "1", "whoisPrivacy", "1", "autoRenew", 0, "notLocal", 0));
            }
            return json(200, Map.of("status", "SUCCESS", "domains", page));
        }
        if (p.length < 3 || !p[0].equals("dns")) {
            return error("Invalid endpoint.");
        }
        String domain = p[2];
        if (!domains.contains(domain)) {
            return error("Domain is not opted in to API access.");
        }
        switch (p[1]) {
            case "retrieveByNameType": {
                String type = p.length > 3 ? p[3] : "";
                String name = p.length > 4 ? p[4] + "." + domain : domain;
                List<Object> found = new ArrayList<>();
                records.values().stream().filter(r -> r.get("name").equals(name) && r.get("type").equals(type))
                        .forEach(found::add);
                return json(200, Map.of("status", "SUCCESS", "cloudflare", "enabled", "records", found));
            }
            case "create": {
                String sub = body.path("name").asText("");
                if (Integer.parseInt(body.path("ttl").asText("600")) < 600) {
                    return error("TTL must be at least 600.");
                }
                Map<String, Object> r = new LinkedHashMap<>();
                long id = nextId++;
                r.put("id", String.valueOf(id));
                r.put("name", sub.isEmpty() ? domain : sub + "." + domain);
                r.put("type", body.path("type").asText());
                r.put("content", body.path("content").asText());
                r.put("ttl", body.path("ttl").asText("600"));
                r.put("prio", "0");
                r.put("notes", "");
                records.put(id, r);
                return json(200, Map.of("status", "SUCCESS", "id", id));
            }
            case "delete": {
                if (p.length != 4 || records.remove(Long.valueOf(p[3])) == null) {
                    return error("Invalid record ID.");
                }
                return json(200, Map.of("status", "SUCCESS"));
            }
            default:
                return error("Invalid endpoint.");
        }
    }

    private static ResponseDefinition error(String message) {
        return json(400, Map.of("status", "ERROR", "message", message));
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
