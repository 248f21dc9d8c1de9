package dev.certpilot.dns.hetznerv1;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.testing.FakeApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hetzner Cloud API's zones, RRSets and actions as documented at https://docs.hetzner.cloud/reference/cloud#zones,
 * https://docs.hetzner.cloud/reference/cloud#zone-rrsets and https://docs.hetzner.cloud/reference/cloud#zone-rrset-actions
 * (actions: https://docs.hetzner.cloud/reference/cloud#actions, errors and paging:
 * https://docs.hetzner.cloud/reference/cloud#errors, #pagination):
 * <ul>
 *   <li>{@code Authorization: Bearer <token>}, else 401 {@code {"error": {"code": "unauthorized", ...}}};</li>
 *   <li>{@code GET /v1/zones} filtered by exact {@code name} (an empty list when none), paged with
 *       {@code page}/{@code per_page} and {@code meta.pagination.next_page} ({@code null} on the last page);
 *       {@code GET /v1/zones/<id or name>};</li>
 *   <li>{@code GET /v1/zones/<id or name>/rrsets/<name>/<type>}: {@code {"rrset": {...}}}, 404 {@code not_found} when
 *       absent; names relative, lower case, {@code @} for the apex;</li>
 *   <li>{@code POST .../actions/add_records}: appends the records (creating the RRSet, with {@code ttl} or the zone's
 *       default), 422 {@code invalid_input} when {@code ttl} differs from an existing RRSet's or a TXT value is not a
 *       quoted string, 422 {@code incorrect_zone_mode} for a secondary zone;</li>
 *   <li>{@code POST .../actions/remove_records}: removes the records, deleting the RRSet when it is left empty; 404
 *       when there is no RRSet;</li>
 *   <li>both answer 201 {@code {"action": {...}}} with {@code status: running} (the change is applied at once);
 *       {@code GET /v1/actions/<id>} then answers {@code success}, or {@code running} for the first
 *       {@link #runningReads} reads.</li>
 * </ul>
 * The fake serves the API below {@code /v1}: providers use {@code baseUrl() + "/v1"}.
 */
final class HetznerV1Fake extends FakeApi {

    static final String TOKEN = "jEheVytlAoFl7F8MqUQ7jAo2hOXASztX7w2YiYdZqXRZvZ9Sy8YMGJKhHz6ELmGn";
    static final int DEFAULT_TTL = 3600;

    private static final Pattern ZONE = Pattern.compile("/v1/zones/([^/]+)");
    private static final Pattern RRSET = Pattern.compile("/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+)");
    private static final Pattern ACTION = Pattern.compile(
            "/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+)/actions/(add_records|remove_records)");
    private static final Pattern GET_ACTION = Pattern.compile("/v1/actions/(\\d+)");
    private static final Pattern QUOTED = Pattern.compile("(\"([^\"\\\\]|\\\\.)*\"\\s*)+");

    /** id -> name. */
    private final Map<Long, String> zones = new LinkedHashMap<>();
    private final Set<Long> secondary = new LinkedHashSet<>();
    /** zone id -> "name/TYPE" -> RRSet. */
    private final Map<Long, Map<String, Map<String, Object>>> rrsets = new HashMap<>();
    /** action id -> action (with the number of times it was read). */
    private final Map<Long, Map<String, Object>> actions = new HashMap<>();
    private long nextAction = 1_000;
    private int runningReads;

    HetznerV1Fake(String... zoneNames) {
        long id = 4711;
        for (String z : zoneNames) {
            zones.put(id, z);
            rrsets.put(id, new LinkedHashMap<>());
            id++;
        }
    }

    /** How many times {@code GET /v1/actions/<id>} still answers {@code running} before {@code success}. */
    synchronized void runningReads(int reads) {
        this.runningReads = reads;
    }

    /** Marks a zone as secondary: RRSet writes are refused with {@code incorrect_zone_mode}. */
    synchronized void makeSecondary(String zoneName) {
        zones.forEach((id, name) -> {
            if (name.equals(zoneName)) {
                secondary.add(id);
            }
        });
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return error(401, "unauthorized", "unable to authenticate");
        }
        String path = path(request);
        String method = request.getMethod().getName();
        if (path.equals("/v1/zones") && method.equals("GET")) {
            return listZones(query(request));
        }
        Matcher m = GET_ACTION.matcher(path);
        if (m.matches() && method.equals("GET")) {
            return readAction(Long.parseLong(m.group(1)));
        }
        m = ZONE.matcher(path);
        if (m.matches() && method.equals("GET")) {
            Long id = zoneId(m.group(1));
            return id == null ? notFound("zone") : json(200, Map.of("zone", zone(id)));
        }
        m = ACTION.matcher(path);
        if (m.matches() && method.equals("POST")) {
            Long id = zoneId(m.group(1));
            if (id == null) {
                return notFound("zone");
            }
            if (secondary.contains(id)) {
                return error(422, "incorrect_zone_mode", "This operation is not supported for this Zone's mode.");
            }
            String key = m.group(2) + "/" + m.group(3);
            return m.group(4).equals("add_records") ? addRecords(id, key, body(request))
                    : removeRecords(id, key, body(request));
        }
        m = RRSET.matcher(path);
        if (m.matches() && method.equals("GET")) {
            Long id = zoneId(m.group(1));
            Map<String, Object> rrset = id == null ? null : rrsets.get(id).get(m.group(2) + "/" + m.group(3));
            return rrset == null ? notFound("rrset") : json(200, Map.of("rrset", rrset));
        }
        return error(404, "not_found", "not found");
    }

    private ResponseDefinition listZones(Map<String, String> q) {
        List<Object> found = new ArrayList<>();
        zones.forEach((id, name) -> {
            if (!q.containsKey("name") || q.get("name").equals(name)) {
                found.add(zone(id));
            }
        });
        int perPage = Integer.parseInt(q.getOrDefault("per_page", "25"));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int last = Math.max(1, (found.size() + perPage - 1) / perPage);
        int from = Math.min(found.size(), (page - 1) * perPage);
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("per_page", perPage);
        pagination.put("previous_page", page > 1 ? page - 1 : null);
        pagination.put("next_page", page < last ? page + 1 : null);
        pagination.put("last_page", last);
        pagination.put("total_entries", found.size());
        return json(200, Map.of("zones", found.subList(from, Math.min(found.size(), from + perPage)),
                "meta", Map.of("pagination", pagination)));
    }

    private ResponseDefinition addRecords(long zoneId, String key, JsonNode body) {
        String[] nameType = key.split("/");
        List<String> values = new ArrayList<>();
        for (JsonNode r : body.path("records")) {
            String v = r.path("value").asText("");
            if (nameType[1].equals("TXT") && !QUOTED.matcher(v).matches()) {
                return error(422, "invalid_input", "invalid input in field 'records'");
            }
            values.add(v);
        }
        if (values.isEmpty()) {
            return error(422, "invalid_input", "invalid input in field 'records'");
        }
        Map<String, Object> rrset = rrsets.get(zoneId).get(key);
        Integer ttl = body.path("ttl").canConvertToInt() ? body.path("ttl").asInt() : null;
        if (rrset == null) {
            rrset = new LinkedHashMap<>();
            rrset.put("id", key);
            rrset.put("name", nameType[0]);
            rrset.put("type", nameType[1]);
            rrset.put("ttl", ttl);
            rrset.put("labels", Map.of());
            rrset.put("protection", Map.of("change", false));
            rrset.put("records", new ArrayList<Map<String, String>>());
            rrset.put("zone", zoneId);
            rrsets.get(zoneId).put(key, rrset);
        } else if (ttl != null && !ttl.equals(rrset.get("ttl"))) {
            return error(422, "invalid_input", "ttl must match the TTL of the existing RRSet");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, String>> records = (List<Map<String, String>>) rrset.get("records");
        for (String v : values) {
            if (records.stream().noneMatch(r -> r.get("value").equals(v))) {
                records.add(new LinkedHashMap<>(Map.of("value", v, "comment", "")));
            }
        }
        return json(201, Map.of("action", newAction("add_rrset_records", zoneId)));
    }

    private ResponseDefinition removeRecords(long zoneId, String key, JsonNode body) {
        Map<String, Object> rrset = rrsets.get(zoneId).get(key);
        if (rrset == null) {
            return notFound("rrset");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, String>> records = (List<Map<String, String>>) rrset.get("records");
        for (JsonNode r : body.path("records")) {
            records.removeIf(existing -> existing.get("value").equals(r.path("value").asText()));
        }
        if (records.isEmpty()) {
            rrsets.get(zoneId).remove(key);
        }
        return json(201, Map.of("action", newAction("remove_rrset_records", zoneId)));
    }

    private Map<String, Object> newAction(String command, long zoneId) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("id", nextAction++);
        action.put("command", command);
        action.put("status", "running");
        action.put("progress", 0);
        action.put("started", "2025-10-01T10:00:00+00:00");
        action.put("finished", null);
        action.put("resources", List.of(Map.of("id", zoneId, "type", "zone")));
        action.put("error", null);
        actions.put((Long) action.get("id"), action);
        return new LinkedHashMap<>(action);
    }

    /** The first {@link #runningReads} reads of an action still say {@code running}; the next ones {@code success}. */
    private ResponseDefinition readAction(long id) {
        Map<String, Object> action = actions.get(id);
        if (action == null) {
            return notFound("action");
        }
        int reads = (Integer) action.getOrDefault("reads", 0);
        action.put("reads", reads + 1);
        if (reads >= runningReads) {
            action.put("status", "success");
            action.put("progress", 100);
            action.put("finished", "2025-10-01T10:00:01+00:00");
        }
        Map<String, Object> answer = new LinkedHashMap<>(action);
        answer.remove("reads");
        return json(200, Map.of("action", answer));
    }

    private Long zoneId(String idOrName) {
        for (Map.Entry<Long, String> z : zones.entrySet()) {
            if (String.valueOf(z.getKey()).equals(idOrName) || z.getValue().equals(idOrName)) {
                return z.getKey();
            }
        }
        return null;
    }

    private Map<String, Object> zone(long id) {
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("id", id);
        z.put("name", zones.get(id));
        z.put("created", "2025-09-01T10:00:00+00:00");
        z.put("mode", secondary.contains(id) ? "secondary" : "primary");
        z.put("ttl", DEFAULT_TTL);
        z.put("labels", Map.of());
        z.put("protection", Map.of("delete", false));
        z.put("record_count", rrsets.get(id).size());
        z.put("status", "ok");
        z.put("registrar", "other");
        z.put("authoritative_nameservers", Map.of("assigned",
                List.of("hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de.")));
        return z;
    }

    private static ResponseDefinition notFound(String what) {
        return error(404, "not_found", what + " not found");
    }

    private static ResponseDefinition error(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", Map.of());
        return json(status, Map.of("error", error));
    }

    /** The TTL of the TXT RRSet at {@code fqdn}, or {@code null} when it has none of its own or does not exist. */
    synchronized Integer txtTtl(String fqdn) {
        Map<String, Object> rrset = txtSet(fqdn);
        return rrset == null ? null : (Integer) rrset.get("ttl");
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Object> rrset = txtSet(fqdn);
        if (rrset != null) {
            ((List<Map<String, String>>) rrset.get("records")).forEach(r -> out.add(TxtValues.unquote(r.get("value"))));
        }
        return out;
    }

    private Map<String, Object> txtSet(String fqdn) {
        for (Map.Entry<Long, String> z : zones.entrySet()) {
            for (Map.Entry<String, Map<String, Object>> e : rrsets.get(z.getKey()).entrySet()) {
                String[] nameType = e.getKey().split("/");
                String full = nameType[0].equals("@") ? z.getValue() : nameType[0] + "." + z.getValue();
                if (full.equals(fqdn) && nameType[1].equals("TXT")) {
                    return e.getValue();
                }
            }
        }
        return null;
    }
}
