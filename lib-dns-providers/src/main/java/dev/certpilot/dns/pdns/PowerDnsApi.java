package dev.certpilot.dns.pdns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls certpilot makes to the PowerDNS Authoritative HTTP API
 * (https://doc.powerdns.com/authoritative/http-api/zone.html), all under {@code /api/v1/servers/<server id>}:
 * <ul>
 *   <li>{@code GET /zones?zone=<name>.}: the zone of exactly that name;</li>
 *   <li>{@code GET /zones}: every zone, for {@code ZoneLister};</li>
 *   <li>{@code GET /zones/<zone id>}: the zone with its RRsets;</li>
 *   <li>{@code PATCH /zones/<zone id>} with {@code changetype} {@code REPLACE} (the whole RRset) or {@code DELETE};</li>
 *   <li>{@code PUT /zones/<zone id>/notify} for zones of kind Master/Primary.</li>
 * </ul>
 * Names in this API are absolute, with a trailing dot; TXT contents are in presentation format (quoted).
 */
final class PowerDnsApi {

    /** A zone: its id (as used in URLs), normalized name and kind (Native, Master, Slave ...). */
    record Zone(String id, String name, String kind) {
    }

    private final HttpApi api;
    private final String server;

    PowerDnsApi(HttpApi api, String serverId) {
        this.api = api;
        this.server = serverId;
    }

    Optional<Zone> zoneByName(String name) {
        for (JsonNode z : api.json(ApiRequest.get(zonesPath()).query("zone", name + "."))) {
            Zone zone = zone(z);
            if (zone.name().equals(name)) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    List<Zone> zones() {
        List<Zone> out = new ArrayList<>();
        api.json(ApiRequest.get(zonesPath())).forEach(z -> out.add(zone(z)));
        return out;
    }

    /** The contents of the TXT RRset at {@code fqdn} (quoted, as PowerDNS stores them), empty when there is none. */
    List<String> txtContents(Zone zone, String fqdn) {
        JsonNode doc = api.json(ApiRequest.get(zonePath(zone)));
        List<String> contents = new ArrayList<>();
        for (JsonNode rrset : doc.path("rrsets")) {
            if ("TXT".equals(rrset.path("type").asText())
                    && Zones.normalize(rrset.path("name").asText()).equals(fqdn)) {
                rrset.path("records").forEach(r -> contents.add(r.path("content").asText()));
            }
        }
        return contents;
    }

    /** Replaces the TXT RRset at {@code fqdn} with exactly {@code contents}, or deletes it when empty. */
    void replaceTxt(Zone zone, String fqdn, int ttl, List<String> contents) {
        Map<String, Object> rrset = new LinkedHashMap<>();
        rrset.put("name", fqdn + ".");
        rrset.put("type", "TXT");
        if (contents.isEmpty()) {
            rrset.put("changetype", "DELETE");
        } else {
            rrset.put("ttl", ttl);
            rrset.put("changetype", "REPLACE");
            rrset.put("records", contents.stream().map(c -> Map.of("content", c, "disabled", false)).toList());
        }
        api.send(ApiRequest.patch(zonePath(zone), Map.of("rrsets", List.of(rrset))));
        if (zone.kind().equalsIgnoreCase("Master") || zone.kind().equalsIgnoreCase("Primary")) {
            ApiRequest notify = ApiRequest.put(zonePath(zone) + "/notify", null);
            ApiResponse r = api.send(notify, 422);
            if (r.status() == 422) {
                throw api.failure(notify, r);
            }
        }
    }

    private String zonesPath() {
        return ApiRequest.path("api", "v1", "servers", server, "zones");
    }

    private String zonePath(Zone zone) {
        return ApiRequest.path("api", "v1", "servers", server, "zones", zone.id());
    }

    private static Zone zone(JsonNode z) {
        return new Zone(z.path("id").asText(), Zones.normalize(z.path("name").asText()), z.path("kind").asText());
    }
}
