package dev.certpilot.dns.vultr;

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
 * The calls certpilot makes to Vultr's API v2 (https://www.vultr.com/api/#tag/dns), and nothing else:
 * <ul>
 *   <li>{@code GET /v2/domains/<domain>}: "Get DNS Domain", to find the zone (404 when the account has none);</li>
 *   <li>{@code GET /v2/domains?per_page=500&cursor=<c>}: "List DNS Domains", for {@code ZoneLister};</li>
 *   <li>{@code GET /v2/domains/<domain>/records?per_page=500&cursor=<c>}: "List Records" (certpilot keeps the TXT
 *       records of the wanted name);</li>
 *   <li>{@code POST /v2/domains/<domain>/records}: "Create Record", one TXT record per value, {@code data} quoted;</li>
 *   <li>{@code DELETE /v2/domains/<domain>/records/<id>}: "Delete Record" (204).</li>
 * </ul>
 * Lists are paged by cursor: {@code meta.links.next} is the cursor of the next page, empty on the last. Record names
 * are relative to the domain, empty at the apex. Errors are {@code {"error": "...", "status": n}}.
 */
final class VultrApi {

    private static final int PER_PAGE = 500;
    private static final int MAX_PAGES = 1_000;

    private final HttpApi api;

    VultrApi(HttpApi api) {
        this.api = api;
    }

    /** Vultr's {@code error}, else the body. */
    static ErrorMessage errorMessage() {
        return ErrorMessage.jsonField("error");
    }

    /** The DNS domain of exactly this name, if the account has it. */
    Optional<String> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("v2", "domains", name)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Zones.normalize(response.json().path("domain").path("domain").asText(name)));
    }

    /** Every DNS domain of the account, all pages. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        forEachPage(ApiRequest.get("/v2/domains"), "domains",
                d -> zones.add(Zones.normalize(d.path("domain").asText())));
        return zones;
    }

    /** The TXT records named {@code name} (relative, empty at the apex), all pages. */
    List<TxtRecord> txtRecords(String zone, String name) {
        List<TxtRecord> records = new ArrayList<>();
        forEachPage(ApiRequest.get(recordsPath(zone)), "records", r -> {
            if ("TXT".equals(r.path("type").asText()) && name.equalsIgnoreCase(r.path("name").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("data").asText()));
            }
        });
        return records;
    }

    /** Creates one TXT record holding {@code content} (quoted) at {@code name} (relative, empty at the apex). */
    void createTxt(String zone, String name, String content, int ttl) {
        api.send(ApiRequest.post(recordsPath(zone),
                Map.of("name", name, "type", "TXT", "data", content, "ttl", ttl)));
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(String zone, String recordId) {
        api.send(ApiRequest.delete(ApiRequest.path("v2", "domains", zone, "records", recordId)), 404);
    }

    private static String recordsPath(String zone) {
        return ApiRequest.path("v2", "domains", zone, "records");
    }

    private void forEachPage(ApiRequest request, String field, Consumer<JsonNode> each) {
        String cursor = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            ApiRequest paged = request.query("per_page", PER_PAGE);
            JsonNode body = api.json(cursor.isEmpty() ? paged : paged.query("cursor", cursor));
            body.path(field).forEach(each);
            String next = body.path("meta").path("links").path("next").asText("");
            if (next.isEmpty() || next.equals(cursor)) {
                return;
            }
            cursor = next;
        }
    }
}
