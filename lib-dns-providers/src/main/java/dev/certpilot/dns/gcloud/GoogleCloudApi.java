package dev.certpilot.dns.gcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to the Cloud DNS API v1 (https://cloud.google.com/dns/docs/reference/rest/v1), and
 * nothing else:
 * <ul>
 *   <li>{@code GET /projects/<p>/managedZones?dnsName=<zone>.}: managedZones.list, to find a zone;</li>
 *   <li>{@code GET /projects/<p>/managedZones/<zone>}: managedZones.get, for a configured zone id;</li>
 *   <li>{@code GET /projects/<p>/managedZones?pageToken=<t>}: every zone, for {@code ZoneLister};</li>
 *   <li>{@code GET /projects/<p>/managedZones/<zone>/rrsets?name=<fqdn>.&type=TXT}: resourceRecordSets.list;</li>
 *   <li>{@code POST /projects/<p>/managedZones/<zone>/changes}: changes.create, deleting the TXT set as read and adding
 *       the new one in one atomic change;</li>
 *   <li>{@code GET /projects/<p>/managedZones/<zone>/changes/<id>}: changes.get, {@code pending} or {@code done}.</li>
 * </ul>
 * Errors are {@code {"error": {"code", "message", "errors": [{"reason"}], "status"}}}.
 */
final class GoogleCloudApi {

    /** A managed zone: its name (the id in paths) and DNS name (normalized). */
    record ManagedZone(String name, String dnsName, String visibility) {
    }

    /** The TXT record set at a name: TTL and rrdatas as Cloud DNS holds them (quoted). */
    record TxtSet(String name, long ttl, List<String> rrdatas) {
    }

    private final HttpApi api;
    private final String project;

    GoogleCloudApi(HttpApi api, String project) {
        this.api = api;
        this.project = project;
    }

    /** {@code STATUS: message (reason)} of Google's error envelope. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode error = response.json().path("error");
                if (!error.isObject()) {
                    return response.text();
                }
                StringJoiner reasons = new StringJoiner(", ", " (", ")").setEmptyValue("");
                error.path("errors").forEach(e -> reasons.add(e.path("reason").asText()));
                String status = error.path("status").asText("");
                return (status.isEmpty() ? "" : status + ": ") + error.path("message").asText() + reasons;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The zones whose DNS name is exactly {@code name}. */
    List<ManagedZone> zonesByName(String name) {
        List<ManagedZone> zones = new ArrayList<>();
        forEachPage(ApiRequest.get(ApiRequest.path("projects", project, "managedZones")).query("dnsName", name + "."),
                "managedZones", z -> zones.add(zone(z)));
        return zones.stream().filter(z -> z.dnsName().equals(name)).toList();
    }

    /** The zone of this id (managedZones.get). */
    ManagedZone zone(String zoneId) {
        return zone(api.json(ApiRequest.get(ApiRequest.path("projects", project, "managedZones", zoneId))));
    }

    /** Every zone of the project, all pages. */
    List<ManagedZone> zones() {
        List<ManagedZone> zones = new ArrayList<>();
        forEachPage(ApiRequest.get(ApiRequest.path("projects", project, "managedZones")), "managedZones",
                z -> zones.add(zone(z)));
        return zones;
    }

    /** The TXT record set at {@code fqdn}, if there is one. */
    Optional<TxtSet> txtSet(String zone, String fqdn) {
        List<TxtSet> found = new ArrayList<>();
        forEachPage(ApiRequest.get(ApiRequest.path("projects", project, "managedZones", zone, "rrsets"))
                .query("name", fqdn + ".").query("type", "TXT"), "rrsets", r -> {
                    if (Zones.normalize(r.path("name").asText()).equals(fqdn) && "TXT".equals(r.path("type").asText())) {
                        List<String> rrdatas = new ArrayList<>();
                        r.path("rrdatas").forEach(d -> rrdatas.add(d.asText()));
                        found.add(new TxtSet(r.path("name").asText(), r.path("ttl").asLong(), rrdatas));
                    }
                });
        return found.stream().findFirst();
    }

    /**
     * Replaces the TXT set at {@code fqdn} in one change: deletes {@code old} (exactly as read) if present and adds
     * {@code rrdatas} unless empty.
     *
     * @return the change's id and status
     * @throws DnsProviderException HTTP 412 ({@code conditionNotMet}) when the set is no longer as read, 409
     *                              ({@code alreadyExists}) when a set appeared meanwhile
     */
    Change change(String zone, String fqdn, Optional<TxtSet> old, long ttl, List<String> rrdatas) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "dns#change");
        if (!rrdatas.isEmpty()) {
            body.put("additions", List.of(rrset(fqdn + ".", ttl, rrdatas)));
        }
        old.ifPresent(o -> body.put("deletions", List.of(rrset(o.name(), o.ttl(), o.rrdatas()))));
        JsonNode change = api.json(ApiRequest.post(ApiRequest.path("projects", project, "managedZones", zone,
                "changes"), body));
        return new Change(change.path("id").asText(), change.path("status").asText());
    }

    /** The status of a change: {@code pending} or {@code done}. */
    String changeStatus(String zone, String changeId) {
        return api.json(ApiRequest.get(ApiRequest.path("projects", project, "managedZones", zone, "changes",
                changeId))).path("status").asText();
    }

    /** A change: its id and status. */
    record Change(String id, String status) {
    }

    private static Map<String, Object> rrset(String name, long ttl, List<String> rrdatas) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("kind", "dns#resourceRecordSet");
        set.put("name", name);
        set.put("type", "TXT");
        set.put("ttl", ttl);
        set.put("rrdatas", rrdatas);
        return set;
    }

    private static ManagedZone zone(JsonNode z) {
        return new ManagedZone(z.path("name").asText(), Zones.normalize(z.path("dnsName").asText()),
                z.path("visibility").asText("public"));
    }

    private void forEachPage(ApiRequest request, String field, Consumer<JsonNode> each) {
        String pageToken = null;
        do {
            JsonNode body = api.json(pageToken == null ? request : request.query("pageToken", pageToken));
            body.path(field).forEach(each);
            pageToken = body.path("nextPageToken").asText("");
        } while (!pageToken.isEmpty());
    }
}
