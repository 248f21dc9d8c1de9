package dev.certpilot.dns.desec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls certpilot makes to the deSEC API (https://desec.readthedocs.io/en/latest/), all below {@code /api/v1},
 * and nothing else:
 * <ul>
 *   <li>{@code GET /domains/<name>/}: the domain, to find the zone and its {@code minimum_ttl} (404 when the account
 *       has none of that name);</li>
 *   <li>{@code GET /domains/}: every domain, for {@code ZoneLister};</li>
 *   <li>{@code GET /domains/<domain>/rrsets/<subname>/TXT/}: the TXT RRset ({@code @} in the URL at the apex; 404
 *       when there is none);</li>
 *   <li>{@code POST /domains/<domain>/rrsets/}: creates the RRset;</li>
 *   <li>{@code PATCH /domains/<domain>/rrsets/<subname>/TXT/} with {@code records}: replaces its values; an empty list
 *       deletes it.</li>
 * </ul>
 * Record contents are in presentation format (TXT quoted). Errors are {@code {"detail": "..."}} or field errors
 * ({@code {"records": ["..."]}}). Throttled requests are answered 429 with {@code Retry-After}, which {@link HttpApi}
 * honours.
 */
final class DesecApi {

    /** A domain: its name and the smallest TTL deSEC accepts in it. */
    record Zone(String name, int minimumTtl) {
    }

    private final HttpApi api;

    DesecApi(HttpApi api) {
        this.api = api;
    }

    /** deSEC's {@code detail}, else its field errors, else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                if (body.hasNonNull("detail")) {
                    return body.path("detail").asText();
                }
                List<String> out = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<String> reasons = new ArrayList<>();
                    e.getValue().forEach(r -> reasons.add(r.asText()));
                    out.add(e.getKey() + ": " + String.join(", ", reasons));
                }
                return out.isEmpty() ? response.text() : String.join("; ", out);
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The domain of exactly this name, if the account has it. */
    Optional<Zone> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("api", "v1", "domains", name) + "/"), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode d = response.json();
        return Optional.of(new Zone(Zones.normalize(d.path("name").asText(name)), d.path("minimum_ttl").asInt(3600)));
    }

    /** Every domain of the account. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        api.json(ApiRequest.get("/api/v1/domains/")).forEach(d -> zones.add(Zones.normalize(d.path("name").asText())));
        return zones;
    }

    /** The contents of the TXT RRset at {@code subname} ({@code ""} at the apex), or empty when there is none. */
    Optional<List<String>> txtRecords(Zone zone, String subname) {
        ApiResponse response = api.send(ApiRequest.get(rrsetPath(zone, subname)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        List<String> records = new ArrayList<>();
        response.json().path("records").forEach(r -> records.add(r.asText()));
        return Optional.of(records);
    }

    /** Creates the TXT RRset at {@code subname} with {@code records}. */
    void createTxt(Zone zone, String subname, int ttl, List<String> records) {
        Map<String, Object> rrset = new LinkedHashMap<>();
        rrset.put("subname", subname);
        rrset.put("type", "TXT");
        rrset.put("ttl", ttl);
        rrset.put("records", records);
        api.send(ApiRequest.post(ApiRequest.path("api", "v1", "domains", zone.name(), "rrsets") + "/", rrset));
    }

    /** Replaces the values of the TXT RRset at {@code subname}; an empty list deletes it (404: already gone). */
    void replaceTxt(Zone zone, String subname, List<String> records) {
        ApiRequest patch = ApiRequest.patch(rrsetPath(zone, subname), Map.of("records", records));
        if (records.isEmpty()) {
            api.send(patch, 404);
        } else {
            api.send(patch);
        }
    }

    /** {@code .../rrsets/<subname>/TXT/}, with a literal {@code @} for the apex as deSEC's documentation writes it. */
    private static String rrsetPath(Zone zone, String subname) {
        String rrsets = ApiRequest.path("api", "v1", "domains", zone.name(), "rrsets");
        return (subname.isEmpty() ? rrsets + "/@" : rrsets + ApiRequest.path(subname)) + "/TXT/";
    }
}
