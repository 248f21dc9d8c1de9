package dev.certpilot.dns.hetznerv1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.Sleeper;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.AsyncOperations;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls certpilot makes to the Hetzner Cloud API (https://docs.hetzner.cloud/reference/cloud#zones,
 * #zone-rrsets, #zone-rrset-actions), all below {@code /v1}, and nothing else:
 * <ul>
 *   <li>{@code GET /zones?name=<zone>}: the zone of exactly that name ({@code zones} is empty when there is none);</li>
 *   <li>{@code GET /zones?page=<n>&per_page=50}: every zone, for {@code ZoneLister}, following
 *       {@code meta.pagination.next_page} until it is {@code null};</li>
 *   <li>{@code GET /zones/<id>/rrsets/<name>/TXT}: the TXT RRSet ({@code @} at the apex; 404 when there is none);</li>
 *   <li>{@code POST /zones/<id>/rrsets/<name>/TXT/actions/add_records}: adds values, creating the RRSet when it is
 *       missing ({@code ttl} must then equal the RRSet's own);</li>
 *   <li>{@code POST /zones/<id>/rrsets/<name>/TXT/actions/remove_records}: removes values; the RRSet goes with its
 *       last value;</li>
 *   <li>{@code GET /actions/<id>}: follows the asynchronous action a write returns until {@code success}.</li>
 * </ul>
 * Record names are relative to the zone, lower case. TXT values are presentation format (quoted strings). Errors are
 * {@code {"error": {"code", "message"}}}.
 */
final class HetznerV1Api {

    private static final int PER_PAGE = 50;
    private static final int MAX_PAGES = 1_000;
    private static final int MAX_POLLS = 30;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** A zone: its id and name. */
    record Zone(String id, String name) {
    }

    /**
     * A TXT RRSet.
     *
     * @param ttl    its TTL, or {@code null} when it uses the zone's default
     * @param values its record values as Hetzner holds them (quoted)
     */
    record TxtSet(Integer ttl, List<String> values) {
    }

    private final HttpApi api;
    private final Sleeper sleeper;

    HetznerV1Api(HttpApi api, Sleeper sleeper) {
        this.api = api;
        this.sleeper = sleeper;
    }

    /** Hetzner's {@code error.code: error.message}, else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode error = response.json().path("error");
                String message = error.path("message").asText("");
                String code = error.path("code").asText("");
                if (message.isEmpty()) {
                    return code.isEmpty() ? response.text() : code;
                }
                return code.isEmpty() ? message : code + ": " + message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The zone of exactly this name, if the token can see it. */
    Optional<Zone> zoneByName(String name) {
        for (JsonNode z : api.json(ApiRequest.get("/zones").query("name", name)).path("zones")) {
            if (Zones.normalize(z.path("name").asText()).equals(name)) {
                return Optional.of(new Zone(z.path("id").asText(), name));
            }
        }
        return Optional.empty();
    }

    /** Every zone the token can see, all pages. */
    List<Zone> zones() {
        List<Zone> zones = new ArrayList<>();
        int page = 1;
        for (int i = 0; i < MAX_PAGES; i++) {
            JsonNode body = api.json(ApiRequest.get("/zones").query("page", page).query("per_page", PER_PAGE));
            body.path("zones").forEach(z -> zones.add(new Zone(z.path("id").asText(),
                    Zones.normalize(z.path("name").asText()))));
            JsonNode next = body.path("meta").path("pagination").path("next_page");
            if (!next.canConvertToInt() || next.asInt() <= page) {
                break;
            }
            page = next.asInt();
        }
        return zones;
    }

    /** The TXT RRSet at {@code name} (relative, {@code @} at the apex), or empty when there is none. */
    Optional<TxtSet> txtSet(Zone zone, String name) {
        ApiResponse response = api.send(ApiRequest.get(rrsetPath(zone, name)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode rrset = response.json().path("rrset");
        List<String> values = new ArrayList<>();
        rrset.path("records").forEach(r -> values.add(r.path("value").asText()));
        Integer ttl = rrset.path("ttl").canConvertToInt() ? rrset.path("ttl").asInt() : null;
        return Optional.of(new TxtSet(ttl, values));
    }

    /**
     * Adds one quoted value to the TXT RRSet at {@code name} (created when missing) and waits for the action.
     *
     * @param ttl the RRSet's TTL: its own when it exists, or {@code null} to leave it out (the zone's default)
     */
    void addTxt(Zone zone, String name, Integer ttl, String quotedValue) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        body.put("records", List.of(Map.of("value", quotedValue)));
        await(api.json(ApiRequest.post(rrsetPath(zone, name) + "/actions/add_records", body)).path("action"));
    }

    /**
     * Removes values, exactly as Hetzner holds them, from the TXT RRSet at {@code name} and waits for the action; an
     * RRSet already gone (404) counts as done.
     */
    void removeTxt(Zone zone, String name, List<String> values) {
        List<Map<String, String>> records = values.stream().map(v -> Map.of("value", v)).toList();
        ApiResponse response = api.send(ApiRequest.post(rrsetPath(zone, name) + "/actions/remove_records",
                Map.of("records", records)), 404);
        if (response.status() != 404) {
            await(response.json().path("action"));
        }
    }

    /** {@code /zones/<id>/rrsets/<name>/TXT}, with a literal {@code @} for the apex as Hetzner's reference writes it. */
    private static String rrsetPath(Zone zone, String name) {
        String rrsets = ApiRequest.path("zones", zone.id(), "rrsets");
        return (name.equals("@") ? rrsets + "/@" : rrsets + ApiRequest.path(name)) + "/TXT";
    }

    /**
     * Polls an action until it leaves {@code running}: at once the first time (DNS actions are quick), then pausing
     * with the sleeper; {@code error} becomes a {@link DnsProviderException} with Hetzner's code and message.
     */
    private void await(JsonNode action) {
        String id = action.path("id").asText();
        JsonNode a = AsyncOperations.await(HetznerV1DnsProvider.NAME,
                "action " + id + " (" + action.path("command").asText() + ")", action,
                state -> "running".equals(state.path("status").asText()),
                state -> api.json(ApiRequest.get(ApiRequest.path("actions", id))).path("action"),
                sleeper, POLL_INTERVAL, MAX_POLLS);
        String status = a.path("status").asText();
        if (!"success".equals(status)) {
            JsonNode error = a.path("error");
            String why = error.path("code").asText("") + (error.hasNonNull("message")
                    ? ": " + error.path("message").asText() : "");
            throw new DnsProviderException(HetznerV1DnsProvider.NAME, "action " + id + " ("
                    + a.path("command").asText() + ") ended " + (status.isEmpty() ? "without a status" : status)
                    + (why.isEmpty() ? "" : " (" + api.redactor().redact(why, 200) + ")"), null);
        }
    }
}
