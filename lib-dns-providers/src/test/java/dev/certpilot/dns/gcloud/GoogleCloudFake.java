package dev.certpilot.dns.gcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.testing.FakeApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud DNS API v1 and Google's OAuth 2.0 token endpoint as documented:
 * <ul>
 *   <li>token endpoint (https://developers.google.com/identity/protocols/oauth2/service-account#httprest):
 *       {@code POST /token} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>}; the
 *       JWT must be RS256-signed by the registered key, {@code aud} https://oauth2.googleapis.com/token, an hour at most;
 *       else 400 {@code {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}};</li>
 *   <li>API calls need {@code Authorization: Bearer} with an issued token, else 401 {@code UNAUTHENTICATED};</li>
 *   <li>managedZones.list (https://cloud.google.com/dns/docs/reference/rest/v1/managedZones/list) filtered by
 *       {@code dnsName}, with {@code pageToken}/{@code nextPageToken};</li>
 *   <li>resourceRecordSets.list (https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets/list) by
 *       {@code name} and {@code type};</li>
 *   <li>changes.create (https://cloud.google.com/dns/docs/reference/rest/v1/changes/create): atomic; each deletion must
 *       match the existing set exactly (else 412 {@code conditionNotMet}), each addition must not exist after the
 *       deletions (else 409 {@code alreadyExists}); the change starts {@code pending};</li>
 *   <li>changes.get (https://cloud.google.com/dns/docs/reference/rest/v1/changes/get): {@code pending} for the first
 *       poll, then {@code done}.</li>
 * </ul>
 * Error bodies are Google's envelope {@code {"error": {"code", "message", "errors": [{"domain", "reason",
 * "message"}], "status"}}}.
 */
final class GoogleCloudFake extends FakeApi {

    static final String API = "/dns/v1";
    static final String AUDIENCE = "https://oauth2.googleapis.com/token";

    private static final Pattern ZONES = Pattern.compile(API + "/projects/([^/]+)/managedZones(?:/([^/]+))?");
    private static final Pattern RRSETS = Pattern.compile(API + "/projects/([^/]+)/managedZones/([^/]+)/rrsets");
    private static final Pattern CHANGES = Pattern.compile(
            API + "/projects/([^/]+)/managedZones/([^/]+)/changes(?:/([^/]+))?");

    /** Zones: name to {dnsName, visibility}. */
    private final Map<String, String[]> zones = new LinkedHashMap<>();
    /** Record sets: "zone|name.|TYPE" to the set's JSON fields. */
    private final Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
    private final Map<String, Integer> changePolls = new LinkedHashMap<>();
    private final Set<String> tokens = new LinkedHashSet<>();
    private int nextId = 1;
    int zonesPerPage = 50;

    GoogleCloudFake(String... dnsNames) {
        for (String n : dnsNames) {
            addZone(n.replace('.', '-') + "-zone", n, "public");
        }
    }

    synchronized void addZone(String name, String dnsName, String visibility) {
        zones.put(name, new String[] {dnsName + ".", visibility});
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/token") && method.equals("POST")) {
            return token(request);
        }
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return error(401, "UNAUTHENTICATED", "authError", "Request had invalid authentication credentials. "
                    + "Expected OAuth 2 access token, login cookie or other valid authentication credential.");
        }
        if (!path.startsWith(API + "/projects/" + ServiceAccounts.PROJECT + "/")) {
            return error(403, "PERMISSION_DENIED", "forbidden", "Forbidden");
        }
        Map<String, String> q = query(request);
        Matcher m;
        if ((m = RRSETS.matcher(path)).matches() && method.equals("GET")) {
            return listSets(m.group(2), q);
        }
        if ((m = CHANGES.matcher(path)).matches()) {
            if (!zones.containsKey(m.group(2))) {
                return notFound("managedZone", m.group(2));
            }
            if (m.group(3) == null && method.equals("POST")) {
                return createChange(m.group(2), body(request));
            }
            if (m.group(3) != null && method.equals("GET")) {
                return getChange(m.group(3));
            }
        }
        if ((m = ZONES.matcher(path)).matches() && method.equals("GET")) {
            return m.group(2) == null ? listZones(q) : zones.containsKey(m.group(2))
                    ? json(200, zone(m.group(2))) : notFound("managedZone", m.group(2));
        }
        return error(404, "NOT_FOUND", "notFound", "Not Found");
    }

    private ResponseDefinition token(Request request) {
        Map<String, String> form = formFields(request.getBodyAsString());
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return json(400, Map.of("error", "unsupported_grant_type", "error_description", "Invalid grant_type: "
                    + form.get("grant_type")));
        }
        String jwt = Objects.requireNonNullElse(form.get("assertion"), "");
        JsonNode claims = ServiceAccounts.verify(jwt, ServiceAccounts.KEY.getPublic());
        if (claims == null) {
            return json(400, Map.of("error", "invalid_grant", "error_description", "Invalid JWT Signature."));
        }
        long now = Instant.now().getEpochSecond();
        long iat = claims.path("iat").asLong();
        long exp = claims.path("exp").asLong();
        if (!AUDIENCE.equals(claims.path("aud").asText()) || !ServiceAccounts.EMAIL.equals(claims.path("iss").asText())
                || exp - iat > 3600 || exp < now || iat > now + 300
                || !claims.path("scope").asText().contains("https://www.googleapis.com/auth/ndev.clouddns.readwrite")) {
            return json(400, Map.of("error", "invalid_grant", "error_description",
                    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                            + "Check your iat and exp values in the JWT claim."));
        }
        String token = "ya29.c.fake-" + (nextId++) + "-b0AXv0zTPc";
        tokens.add(token);
        return json(200, Map.of("access_token", token, "expires_in", 3599, "token_type", "Bearer"));
    }

    private ResponseDefinition listZones(Map<String, String> q) {
        List<Object> found = new ArrayList<>();
        for (String name : zones.keySet()) {
            if (!q.containsKey("dnsName") || zones.get(name)[0].equals(q.get("dnsName"))) {
                found.add(zone(name));
            }
        }
        int from = Integer.parseInt(q.getOrDefault("pageToken", "0"));
        List<Object> page = found.subList(Math.min(from, found.size()), Math.min(found.size(), from + zonesPerPage));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "dns#managedZonesListResponse");
        out.put("managedZones", page);
        if (from + zonesPerPage < found.size()) {
            out.put("nextPageToken", String.valueOf(from + zonesPerPage));
        }
        return json(200, out);
    }

    private Map<String, Object> zone(String name) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("kind", "dns#managedZone");
        z.put("name", name);
        z.put("dnsName", zones.get(name)[0]);
        z.put("description", "");
        z.put("id", String.valueOf(Math.abs(name.hashCode())));
        z.put("nameServers", List.of("ns-cloud-a1.googledomains.com.", "ns-cloud-a2.googledomains.com."));
        z.put("creationTime", "2026-01-05T09:12:44.103Z");
        z.put("visibility", zones.get(name)[1]);
        return z;
    }

    private ResponseDefinition listSets(String zone, Map<String, String> q) {
        if (!zones.containsKey(zone)) {
            return notFound("managedZone", zone);
        }
        List<Object> found = new ArrayList<>();
        sets.forEach((k, v) -> {
            if (k.startsWith(zone + "|") && (!q.containsKey("name") || v.get("name").equals(q.get("name")))
                    && (!q.containsKey("type") || v.get("type").equals(q.get("type")))) {
                found.add(v);
            }
        });
        return json(200, Map.of("kind", "dns#resourceRecordSetsListResponse", "rrsets", found));
    }

    private ResponseDefinition createChange(String zone, JsonNode change) {
        Map<String, Map<String, Object>> next = new LinkedHashMap<>(sets);
        int i = 0;
        for (JsonNode d : change.path("deletions")) {
            String key = zone + "|" + d.path("name").asText() + "|" + d.path("type").asText();
            Map<String, Object> current = next.get(key);
            if (current == null || !current.equals(set(d))) {
                return error(412, "FAILED_PRECONDITION", "conditionNotMet", "Precondition not met for "
                        + "'entity.change.deletions[" + i + "]'");
            }
            next.remove(key);
            i++;
        }
        i = 0;
        for (JsonNode a : change.path("additions")) {
            String key = zone + "|" + a.path("name").asText() + "|" + a.path("type").asText();
            if (next.containsKey(key)) {
                return error(409, "ALREADY_EXISTS", "alreadyExists", "The resource 'entity.change.additions[" + i
                        + "]' named '" + a.path("name").asText() + " (" + a.path("type").asText()
                        + ")' already exists");
            }
            for (JsonNode d : a.path("rrdatas")) {
                if ("TXT".equals(a.path("type").asText()) && d.asText().length() > 255 + 2) {
                    return error(400, "INVALID_ARGUMENT", "invalid", "Invalid value for 'entity.change.additions["
                            + i + "].rrdata'");
                }
            }
            next.put(key, set(a));
            i++;
        }
        sets.clear();
        sets.putAll(next);
        String id = String.valueOf(nextId++);
        changePolls.put(id, 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "dns#change");
        out.put("additions", change.path("additions"));
        out.put("deletions", change.path("deletions"));
        out.put("startTime", "2026-03-01T10:00:00.000Z");
        out.put("id", id);
        out.put("status", "pending");
        return json(200, out);
    }

    private ResponseDefinition getChange(String id) {
        Integer polls = changePolls.get(id);
        if (polls == null) {
            return notFound("change", id);
        }
        changePolls.put(id, polls + 1);
        return json(200, Map.of("kind", "dns#change", "id", id, "startTime", "2026-03-01T10:00:00.000Z",
                "status", polls < 1 ? "pending" : "done"));
    }

    private static Map<String, Object> set(JsonNode s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.path("name").asText());
        out.put("type", s.path("type").asText());
        out.put("ttl", s.path("ttl").asLong());
        List<String> rrdatas = new ArrayList<>();
        s.path("rrdatas").forEach(d -> rrdatas.add(d.asText()));
        out.put("rrdatas", rrdatas);
        out.put("kind", "dns#resourceRecordSet");
        return out;
    }

    private static ResponseDefinition notFound(String what, String name) {
        return error(404, "NOT_FOUND", "notFound", "The '" + what + "' resource named '" + name
                + "' does not exist.");
    }

    private static ResponseDefinition error(int code, String status, String reason, String message) {
        return json(code, Map.of("error", Map.of("code", code, "message", message, "status", status,
                "errors", List.of(Map.of("domain", "global", "reason", reason, "message", message)))));
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** How many tokens were issued. */
    synchronized int tokensIssued() {
        return tokens.size();
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        sets.forEach((k, v) -> {
            if (v.get("name").equals(fqdn + ".") && "TXT".equals(v.get("type"))) {
                @SuppressWarnings("unchecked")
                List<String> rrdatas = (List<String>) v.get("rrdatas");
                rrdatas.forEach(d -> out.add(TxtValues.unquote(d)));
            }
        });
        return out;
    }
}
