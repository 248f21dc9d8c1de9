package dev.certpilot.dns.azuredns;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.testing.FakeApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * Microsoft Entra ID's token endpoint and Azure DNS on Resource Manager (API version 2018-05-01) as documented:
 * <ul>
 *   <li>client credentials grant (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
 *       {@code POST /<tenant>/oauth2/v2.0/token} with {@code client_id}, {@code client_secret},
 *       {@code grant_type=client_credentials}, {@code scope=https://management.azure.com/.default}; a wrong secret is
 *       401 {@code invalid_client} (AADSTS7000215);</li>
 *   <li>every ARM call needs {@code Authorization: Bearer} with an issued token (else 401
 *       {@code InvalidAuthenticationToken}) and {@code api-version} (else 400 {@code MissingApiVersionParameter});</li>
 *   <li>Zones - List (https://learn.microsoft.com/en-us/rest/api/dns/zones/list) and List By Resource Group with
 *       {@code nextLink} pages, Zones - Get;</li>
 *   <li>Record Sets - Get / Create Or Update / Delete (https://learn.microsoft.com/en-us/rest/api/dns/record-sets/):
 *       {@code properties.TTL}, {@code properties.TXTRecords[].value[]}; each write changes the {@code etag};
 *       {@code If-Match} with another etag, or {@code If-None-Match: *} on an existing set, is 412
 *       {@code PreconditionFailed}; PUT answers 201 when it created the set, 200 when it replaced it; DELETE answers 200,
 *       or 204 when there was nothing to delete.</li>
 * </ul>
 */
final class AzureDnsFake extends FakeApi {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT_ID = "4b4f2a3c-8e5d-4c1b-9a7f-0d2e6c8b1a93";
    static final String CLIENT_SECRET = "Xk98Q~fakeSecretValue.1234567890abcdEFGHij";
    static final String SUBSCRIPTION = "8f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
    static final String RESOURCE_GROUP = "dns-rg";

    private static final Pattern SUB = Pattern.compile("/subscriptions/([^/]+)(/.*)");
    private static final Pattern RG_ZONES = Pattern.compile("/resourceGroups/([^/]+)/providers/Microsoft\\.Network/dnsZones");
    private static final Pattern ZONE = Pattern.compile(
            "/resourceGroups/([^/]+)/providers/Microsoft\\.Network/dnsZones/([^/]+)(?:/TXT/([^/]+))?");

    /** Zones: name to resource group. */
    private final Map<String, String> zones = new LinkedHashMap<>();
    /** Record sets: "zone|relative name" to {etag, ttl, values}. */
    private final Map<String, Object[]> sets = new LinkedHashMap<>();
    private final Set<String> tokens = new LinkedHashSet<>();
    int zonesPerPage = 100;

    AzureDnsFake(String... zoneNames) {
        for (String z : zoneNames) {
            zones.put(z, RESOURCE_GROUP);
        }
    }

    synchronized void addZone(String name, String resourceGroup) {
        zones.put(name, resourceGroup);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/" + TENANT + "/oauth2/v2.0/token") && method.equals("POST")) {
            return token(request.getBodyAsString());
        }
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
        Map<String, String> q = query(request);
        if (!q.containsKey("api-version")) {
            return armError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        Matcher sub = SUB.matcher(path);
        if (!sub.matches() || !sub.group(1).equals(SUBSCRIPTION)) {
            return armError(404, "SubscriptionNotFound", "The subscription could not be found.");
        }
        String rest = sub.group(2);
        if (rest.equalsIgnoreCase("/providers/Microsoft.Network/dnszones") && method.equals("GET")) {
            return listZones(null, q);
        }
        Matcher m = RG_ZONES.matcher(rest);
        if (m.matches() && method.equals("GET")) {
            return listZones(m.group(1), q);
        }
        m = ZONE.matcher(rest);
        if (!m.matches()) {
            return armError(404, "NotFound", "no route for " + path);
        }
        String rg = m.group(1);
        String zone = m.group(2);
        if (!rg.equals(zones.get(zone))) {
            return armError(404, "ResourceNotFound", "The Resource 'Microsoft.Network/dnszones/" + zone
                    + "' under resource group '" + rg + "' was not found.");
        }
        if (m.group(3) == null) {
            return method.equals("GET") ? json(200, zone(zone)) : armError(405, "MethodNotAllowed", method);
        }
        String name = URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
        String key = zone + "|" + name;
        Object[] current = sets.get(key);
        switch (method) {
            case "GET" -> {
                return current == null ? armError(404, "NotFound", "The resource record '" + name
                        + "' does not exist in resource group '" + rg + "' of subscription '" + SUBSCRIPTION + "'.")
                        : json(200, set(zone, name, current));
            }
            case "PUT" -> {
                ResponseDefinition refused = checkGuards(request, current, name);
                if (refused != null) {
                    return refused;
                }
                JsonNode properties = body(request).path("properties");
                List<String> values = new ArrayList<>();
                for (JsonNode txt : properties.path("TXTRecords")) {
                    StringBuilder joined = new StringBuilder();
                    for (JsonNode part : txt.path("value")) {
                        if (part.asText().length() > 255) {
                            return armError(400, "BadRequest", "The TXT record value is too long.");
                        }
                        joined.append(part.asText());
                    }
                    values.add(joined.toString());
                }
                Object[] next = {UUID.randomUUID().toString(), properties.path("TTL").asLong(3600), values};
                sets.put(key, next);
                return json(current == null ? 201 : 200, set(zone, name, next));
            }
            case "DELETE" -> {
                if (current == null) {
                    return json(204, null);
                }
                ResponseDefinition refused = checkGuards(request, current, name);
                if (refused != null) {
                    return refused;
                }
                sets.remove(key);
                return json(200, null);
            }
            default -> {
                return armError(405, "MethodNotAllowed", method);
            }
        }
    }

    private ResponseDefinition token(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return json(400, Map.of("error", "unsupported_grant_type", "error_description",
                    "AADSTS70003: The app requested an unsupported grant type."));
        }
        if (!"https://management.azure.com/.default".equals(form.get("scope"))) {
            return json(400, Map.of("error", "invalid_scope", "error_description",
                    "AADSTS70011: The provided value for the input parameter 'scope' is not valid."));
        }
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            return json(400, Map.of("error", "unauthorized_client", "error_description",
                    "AADSTS700016: Application with identifier '" + form.get("client_id")
                            + "' was not found in the directory."));
        }
        if (!CLIENT_SECRET.equals(form.get("client_secret"))) {
            return json(401, Map.of("error", "invalid_client", "error_description",
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the "
                            + "client secret value, not the client secret ID.", "error_codes", List.of(7000215)));
        }
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-" + UUID.randomUUID();
        tokens.add(token);
        return json(200, Map.of("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599,
                "access_token", token));
    }

    private ResponseDefinition checkGuards(Request request, Object[] current, String name) {
        String ifMatch = request.getHeader("If-Match");
        String ifNoneMatch = request.getHeader("If-None-Match");
        boolean mismatch = ifMatch != null && (current == null || !ifMatch.equals(current[0]))
                || "*".equals(ifNoneMatch) && current != null;
        return mismatch ? armError(412, "PreconditionFailed", "The Record set " + name
                + " has been modified (etag mismatch).") : null;
    }

    private ResponseDefinition listZones(String resourceGroup, Map<String, String> q) {
        List<Object> found = new ArrayList<>();
        zones.forEach((name, rg) -> {
            if (resourceGroup == null || resourceGroup.equals(rg)) {
                found.add(zone(name));
            }
        });
        int from = Integer.parseInt(q.getOrDefault("$skipToken", "0"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", found.subList(Math.min(from, found.size()), Math.min(found.size(), from + zonesPerPage)));
        if (from + zonesPerPage < found.size()) {
            out.put("nextLink", "https://management.azure.com/subscriptions/" + SUBSCRIPTION
                    + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
                    + "/providers/Microsoft.Network/dnszones?api-version=2018-05-01&%24skipToken=" + (from + zonesPerPage));
        }
        return json(200, out);
    }

    private Map<String, Object> zone(String name) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("id", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + zones.get(name)
                + "/providers/Microsoft.Network/dnszones/" + name);
        z.put("name", name);
        z.put("type", "Microsoft.Network/dnszones");
        z.put("etag", "00000002-0000-0000-76c2-f7ad90b5d101");
        z.put("location", "global");
        z.put("tags", Map.of());
        z.put("properties", Map.of("maxNumberOfRecordSets", 10000, "numberOfRecordSets", 2 + sets.size(),
                "nameServers", List.of("ns1-01.azure-dns.com.", "ns2-01.azure-dns.net."), "zoneType", "Public"));
        return z;
    }

    private Map<String, Object> set(String zone, String name, Object[] s) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) s[2];
        List<Object> records = new ArrayList<>();
        values.forEach(v -> records.add(Map.of("value", List.of(v))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + zones.get(zone)
                + "/providers/Microsoft.Network/dnszones/" + zone + "/TXT/" + name);
        out.put("name", name);
        out.put("type", "Microsoft.Network/dnszones/TXT");
        out.put("etag", s[0]);
        out.put("properties", Map.of("TTL", s[1], "fqdn", (name.equals("@") ? "" : name + ".") + zone + ".",
                "provisioningState", "Succeeded", "TXTRecords", records, "targetResource", Map.of()));
        return out;
    }

    private static ResponseDefinition armError(int status, String code, String message) {
        return json(status, Map.of("error", Map.of("code", code, "message", message)));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        sets.forEach((k, v) -> {
            String zone = k.substring(0, k.indexOf('|'));
            String name = k.substring(k.indexOf('|') + 1);
            String setFqdn = name.equals("@") ? zone : name + "." + zone;
            if (setFqdn.equals(fqdn)) {
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) v[2];
                out.addAll(values);
            }
        });
        return out;
    }

    /** Whether a TXT set exists at {@code fqdn}. */
    synchronized boolean hasSet(String zone, String relativeName) {
        return sets.containsKey(zone + "|" + relativeName);
    }
}
