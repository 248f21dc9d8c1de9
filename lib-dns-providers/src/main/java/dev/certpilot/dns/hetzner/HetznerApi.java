package dev.certpilot.dns.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.OneRecordPerValue.TxtRecord;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to the Hetzner DNS API (https://dns.hetzner.com/api-docs), and nothing else:
 * <ul>
 *   <li>{@code GET /api/v1/zones?name=<zone>}: "Get All Zones" filtered by exact name (404 when there is none);</li>
 *   <li>{@code GET /api/v1/zones?page=<n>&per_page=100}: every zone, for {@code ZoneLister};</li>
 *   <li>{@code GET /api/v1/records?zone_id=<id>&page=<n>&per_page=100}: "Get All Records" of a zone (the API cannot
 *       filter by name or type, so certpilot keeps the TXT records of the wanted name);</li>
 *   <li>{@code POST /api/v1/records}: "Create Record", one TXT record per value;</li>
 *   <li>{@code DELETE /api/v1/records/<id>}: "Delete Record".</li>
 * </ul>
 * Record names are relative to the zone ({@code @} at the apex). Lists carry
 * {@code meta.pagination.{page, last_page}}. Errors are {@code {"error": {"message", "code"}}} or, for a refused
 * token, {@code {"message": "Invalid authentication credentials"}}.
 */
final class HetznerApi {

    private static final int PER_PAGE = 100;
    private static final int MAX_PAGES = 1_000;

    /** A zone: its id and name. */
    record Zone(String id, String name) {
    }

    private final HttpApi api;

    HetznerApi(HttpApi api) {
        this.api = api;
    }

    /** Hetzner's {@code error.message} or top-level {@code message}, else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String message = body.path("error").path("message").asText("");
                if (message.isEmpty()) {
                    message = body.path("message").asText("");
                }
                return message.isEmpty() ? response.text() : message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The zone of exactly this name, if the account has it. */
    Optional<Zone> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get("/api/v1/zones").query("name", name), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        for (JsonNode z : response.json().path("zones")) {
            if (Zones.normalize(z.path("name").asText()).equals(name)) {
                return Optional.of(new Zone(z.path("id").asText(), name));
            }
        }
        return Optional.empty();
    }

    /** Every zone of the account, all pages. */
    List<Zone> zones() {
        List<Zone> zones = new ArrayList<>();
        forEachPage(ApiRequest.get("/api/v1/zones"), "zones",
                z -> zones.add(new Zone(z.path("id").asText(), Zones.normalize(z.path("name").asText()))));
        return zones;
    }

    /** The TXT records named {@code name} (relative to the zone), read from all pages of the zone's records. */
    List<TxtRecord> txtRecords(Zone zone, String name) {
        List<TxtRecord> records = new ArrayList<>();
        forEachPage(ApiRequest.get("/api/v1/records").query("zone_id", zone.id()), "records", r -> {
            if ("TXT".equals(r.path("type").asText()) && name.equals(r.path("name").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("value").asText()));
            }
        });
        return records;
    }

    /** Creates one TXT record holding {@code value} at {@code name} (relative to the zone). */
    void createTxt(Zone zone, String name, String value, int ttl) {
        api.send(ApiRequest.post("/api/v1/records",
                Map.of("zone_id", zone.id(), "type", "TXT", "name", name, "value", value, "ttl", ttl)));
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(String recordId) {
        api.send(ApiRequest.delete(ApiRequest.path("api", "v1", "records", recordId)), 404);
    }

    private void forEachPage(ApiRequest request, String field, Consumer<JsonNode> each) {
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode body = api.json(request.query("page", page).query("per_page", PER_PAGE));
            body.path(field).forEach(each);
            int last = body.path("meta").path("pagination").path("last_page").asInt(1);
            if (page >= last) {
                return;
            }
        }
    }
}
