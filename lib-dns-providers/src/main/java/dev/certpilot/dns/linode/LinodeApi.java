package dev.certpilot.dns.linode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Json;
import dev.certpilot.dns.internal.OneRecordPerValue.TxtRecord;
import dev.certpilot.dns.internal.Zones;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to the Linode API v4 (https://techdocs.akamai.com/linode-api/reference/api), and nothing
 * else:
 * <ul>
 *   <li>{@code GET /v4/domains} with {@code X-Filter: {"domain": "<zone>"}}: "List domains" filtered by name;</li>
 *   <li>{@code GET /v4/domains?page=<n>&page_size=500}: every domain, for {@code ZoneLister};</li>
 *   <li>{@code GET /v4/domains/<id>/records?page=<n>&page_size=500}: "List domain records" (certpilot keeps the TXT
 *       records of the wanted name);</li>
 *   <li>{@code POST /v4/domains/<id>/records}: "Create a domain record", one TXT record per value;</li>
 *   <li>{@code DELETE /v4/domains/<id>/records/<record id>}: "Delete a domain record".</li>
 * </ul>
 * Lists are {@code {"data": [...], "page", "pages", "results"}}. Record names are relative to the domain, empty at the
 * apex; a TXT record's value is its {@code target}. Errors are {@code {"errors": [{"field", "reason"}]}}.
 */
final class LinodeApi {

    private static final int PAGE_SIZE = 500;
    private static final int MAX_PAGES = 1_000;

    /** A domain (zone): its numeric id and name. */
    record Zone(String id, String name) {
    }

    private final HttpApi api;

    LinodeApi(HttpApi api) {
        this.api = api;
    }

    /** Linode's {@code errors[].reason} (with the field when there is one), else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                StringJoiner out = new StringJoiner("; ");
                for (JsonNode e : response.json().path("errors")) {
                    String field = e.path("field").asText("");
                    out.add((field.isEmpty() ? "" : field + ": ") + e.path("reason").asText());
                }
                return out.length() == 0 ? response.text() : out.toString();
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The domain of exactly this name, if the account has it. */
    Optional<Zone> zoneByName(String name) {
        String filter = new String(Json.write(Map.of("domain", name)), StandardCharsets.UTF_8);
        for (JsonNode d : api.json(ApiRequest.get("/v4/domains").header("X-Filter", filter)).path("data")) {
            if (Zones.normalize(d.path("domain").asText()).equals(name)) {
                return Optional.of(new Zone(d.path("id").asText(), name));
            }
        }
        return Optional.empty();
    }

    /** Every domain of the account, all pages. */
    List<Zone> zones() {
        List<Zone> zones = new ArrayList<>();
        forEachPage(ApiRequest.get("/v4/domains"),
                d -> zones.add(new Zone(d.path("id").asText(), Zones.normalize(d.path("domain").asText()))));
        return zones;
    }

    /** The TXT records named {@code name} (relative, empty at the apex), read from all pages of the domain. */
    List<TxtRecord> txtRecords(Zone zone, String name) {
        List<TxtRecord> records = new ArrayList<>();
        forEachPage(ApiRequest.get(recordsPath(zone)), r -> {
            if ("TXT".equals(r.path("type").asText()) && name.equalsIgnoreCase(r.path("name").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("target").asText()));
            }
        });
        return records;
    }

    /** Creates one TXT record holding {@code value} at {@code name} (relative, empty at the apex). */
    void createTxt(Zone zone, String name, String value, int ttl) {
        api.send(ApiRequest.post(recordsPath(zone),
                Map.of("type", "TXT", "name", name, "target", value, "ttl_sec", ttl)));
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(Zone zone, String recordId) {
        api.send(ApiRequest.delete(ApiRequest.path("v4", "domains", zone.id(), "records", recordId)), 404);
    }

    private static String recordsPath(Zone zone) {
        return ApiRequest.path("v4", "domains", zone.id(), "records");
    }

    private void forEachPage(ApiRequest request, Consumer<JsonNode> each) {
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode body = api.json(request.query("page", page).query("page_size", PAGE_SIZE));
            body.path("data").forEach(each);
            if (page >= body.path("pages").asInt(1)) {
                return;
            }
        }
    }
}
