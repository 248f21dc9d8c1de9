package dev.certpilot.dns.ovh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OVH API v1 as documented (https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api and the API
 * console, https://eu.api.ovh.com/console/?section=%2Fdomain):
 * <ul>
 *   <li>{@code GET /auth/time}: the API's UNIX time, unauthenticated; this fake's clock runs {@link #SKEW_SECONDS}
 *       ahead of the machine's, so a client must measure the difference;</li>
 *   <li>other calls need {@code X-Ovh-Application}, {@code X-Ovh-Consumer}, {@code X-Ovh-Timestamp} (within 30 s of the
 *       API's time) and {@code X-Ovh-Signature} {@code $1$} + SHA-1 of {@code AS+CK+METHOD+URL+BODY+TIMESTAMP} joined
 *       by {@code +}: an unknown application key is 403 {@code INVALID_KEY}, an unknown consumer key 403
 *       {@code INVALID_CREDENTIAL}, a wrong signature or time 400 {@code INVALID_SIGNATURE};</li>
 *   <li>{@code /domain/zone}, {@code /domain/zone/{zone}}, {@code /domain/zone/{zone}/record?fieldType&subDomain}
 *       (ids), {@code /domain/zone/{zone}/record/{id}} (GET, DELETE), {@code POST /domain/zone/{zone}/record} and
 *       {@code POST /domain/zone/{zone}/refresh}; TXT targets are kept in quotes; a missing zone or record is 404
 *       {@code "This service does not exist"}. A record is served ({@link #txtValues}) once its zone is refreshed.</li>
 * </ul>
 */
final class OvhFake extends FakeApi {

    static final String APP_KEY = "7kbG7Bk7S9Nt7ZSV";
    static final String APP_SECRET = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
    static final String CONSUMER_KEY = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
    static final long SKEW_SECONDS = 3600;

    private static final Pattern ZONE = Pattern.compile("/1\\.0/domain/zone/([^/]+)(/record(?:/(\\d+))?|/refresh)?");

    private final Set<String> zones = new LinkedHashSet<>();
    /** Records: id to {zone, subDomain, fieldType, target, ttl}. */
    private final Map<Long, Map<String, Object>> records = new LinkedHashMap<>();
    /** What the DNS servers serve: the records as of each zone's last refresh. */
    private final Map<Long, Map<String, Object>> served = new LinkedHashMap<>();
    private long nextId = 5088462911L;
    int refreshes;

    OvhFake(String... zoneNames) {
        zones.addAll(List.of(zoneNames));
    }

    private static long apiTime() {
        return Instant.now().getEpochSecond() + SKEW_SECONDS;
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/1.0/auth/time") && method.equals("GET")) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(String.valueOf(apiTime())).build();
        }
        ResponseDefinition refused = checkSignature(request);
        if (refused != null) {
            return refused;
        }
        if (path.equals("/1.0/domain/zone") && method.equals("GET")) {
            return json(200, new ArrayList<>(zones));
        }
        Matcher m = ZONE.matcher(path);
        if (!m.matches() || !zones.contains(m.group(1))) {
            return notFound();
        }
        String zone = m.group(1);
        String rest = m.group(2);
        if (rest == null) {
            return method.equals("GET") ? json(200, Map.of("name", zone, "hasDnssecSupported", true,
                    "dnssecSupported", true, "nameServers", List.of("dns10.ovh.net", "ns10.ovh.net"),
                    "lastUpdate", "2026-02-27T11:12:07+01:00")) : notFound();
        }
        if (rest.equals("/refresh") && method.equals("POST")) {
            refreshes++;
            served.entrySet().removeIf(e -> e.getValue().get("zone").equals(zone));
            records.forEach((id, r) -> {
                if (r.get("zone").equals(zone)) {
                    served.put(id, r);
                }
            });
            return json(200, null);
        }
        if (m.group(3) == null && method.equals("GET")) {
            Map<String, String> q = query(request);
            List<Long> ids = new ArrayList<>();
            records.forEach((id, r) -> {
                if (r.get("zone").equals(zone) && (!q.containsKey("fieldType") || q.get("fieldType").equals(r.get("fieldType")))
                        && (!q.containsKey("subDomain") || q.get("subDomain").equals(r.get("subDomain")))) {
                    ids.add(id);
                }
            });
            return json(200, ids);
        }
        if (m.group(3) == null && method.equals("POST")) {
            JsonNode body = body(request);
            String target = body.path("target").asText();
            Map<String, Object> r = new LinkedHashMap<>();
            long id = nextId++;
            r.put("id", id);
            r.put("zone", zone);
            r.put("subDomain", body.path("subDomain").asText(""));
            r.put("fieldType", body.path("fieldType").asText());
            r.put("target", "TXT".equals(body.path("fieldType").asText()) && !target.startsWith("\"")
                    ? "\"" + target + "\"" : target);
            r.put("ttl", body.path("ttl").asInt(0));
            records.put(id, r);
            return json(200, r);
        }
        Long id = m.group(3) == null ? null : Long.valueOf(m.group(3));
        Map<String, Object> r = id == null ? null : records.get(id);
        if (r == null || !r.get("zone").equals(zone)) {
            return notFound();
        }
        if (method.equals("GET")) {
            return json(200, r);
        }
        if (method.equals("DELETE")) {
            records.remove(id);
            return json(200, null);
        }
        return json(405, Map.of("message", "Method not allowed"));
    }

    private ResponseDefinition checkSignature(Request request) {
        if (!APP_KEY.equals(request.getHeader("X-Ovh-Application"))) {
            return json(403, Map.of("errorCode", "INVALID_KEY", "httpCode", "403 Forbidden",
                    "message", "This application key is invalid"));
        }
        if (!CONSUMER_KEY.equals(request.getHeader("X-Ovh-Consumer"))) {
            return json(403, Map.of("errorCode", "INVALID_CREDENTIAL", "httpCode", "403 Forbidden",
                    "message", "This credential does not exist"));
        }
        String ts = request.getHeader("X-Ovh-Timestamp");
        long timestamp;
        try {
            timestamp = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return invalidSignature();
        }
        String url = "http://" + request.getHeader("Host") + request.getUrl();
        String expected = OvhSigner.signature(APP_SECRET, CONSUMER_KEY, request.getMethod().getName(), url,
                request.getBodyAsString(), timestamp);
        if (Math.abs(timestamp - apiTime()) > 30 || !expected.equals(request.getHeader("X-Ovh-Signature"))) {
            return invalidSignature();
        }
        return null;
    }

    private static ResponseDefinition invalidSignature() {
        return json(400, Map.of("errorCode", "INVALID_SIGNATURE", "httpCode", "400 Bad Request",
                "message", "Invalid signature"));
    }

    private static ResponseDefinition notFound() {
        return json(404, Map.of("errorCode", "NOT_FOUND", "httpCode", "404 Not Found",
                "message", "This service does not exist"));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> r : served.values()) {
            String sub = (String) r.get("subDomain");
            String name = sub.isEmpty() ? (String) r.get("zone") : sub + "." + r.get("zone");
            if (name.equals(fqdn) && "TXT".equals(r.get("fieldType"))) {
                out.add(TxtValues.unquote((String) r.get("target")));
            }
        }
        return out;
    }
}
