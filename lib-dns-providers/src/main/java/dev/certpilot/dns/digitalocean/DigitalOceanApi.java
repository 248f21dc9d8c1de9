package dev.certpilot.dns.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.OneRecordPerValue.TxtRecord;
import dev.certpilot.dns.internal.Zones;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to DigitalOcean's API v2
 * (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records), and nothing else:
 * <ul>
 *   <li>{@code GET /v2/domains/<zone>}: "Retrieve an Existing Domain", to find the zone (404 when the account has
 *       none of that name);</li>
 *   <li>{@code GET /v2/domains?page=<n>&per_page=200}: "List All Domains", for {@code ZoneLister};</li>
 *   <li>{@code GET /v2/domains/<zone>/records?type=TXT&name=<fqdn>&page=<n>&per_page=200}: "List All Domain
 *       Records" filtered by type and fully qualified name;</li>
 *   <li>{@code POST /v2/domains/<zone>/records}: "Create a New Domain Record", one TXT record per value;</li>
 *   <li>{@code DELETE /v2/domains/<zone>/records/<id>}: "Delete a Domain Record" (204).</li>
 * </ul>
 * Lists are paged: {@code links.pages.next} is the URL of the next page while there is one; certpilot reads its
 * {@code page} parameter and asks its own base URL. Errors are {@code {"id": "...", "message": "..."}}.
 */
final class DigitalOceanApi {

    private static final int PER_PAGE = 200;
    private static final int MAX_PAGES = 1_000;

    private final HttpApi api;

    DigitalOceanApi(HttpApi api) {
        this.api = api;
    }

    /** DigitalOcean's error body {@code {"id": "unauthorized", "message": "Unable to authenticate you."}}. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String message = body.path("message").asText("");
                return message.isEmpty() ? response.text() : body.path("id").asText("error") + ": " + message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The domain of exactly this name, if the account has it. */
    Optional<String> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("v2", "domains", name)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Zones.normalize(response.json().path("domain").path("name").asText(name)));
    }

    /** Every domain of the account, all pages. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        forEachPage(ApiRequest.get("/v2/domains"), "domains",
                d -> zones.add(Zones.normalize(d.path("name").asText())));
        return zones;
    }

    /** The TXT records at {@code fqdn}, all pages. */
    List<TxtRecord> txtRecords(String zone, String fqdn) {
        List<TxtRecord> records = new ArrayList<>();
        ApiRequest list = ApiRequest.get(recordsPath(zone)).query("type", "TXT").query("name", fqdn);
        forEachPage(list, "domain_records", r -> {
            if ("TXT".equals(r.path("type").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("data").asText()));
            }
        });
        return records;
    }

    /** Creates one TXT record holding {@code value}; {@code name} is relative to the zone ({@code @} at the apex). */
    void createTxt(String zone, String name, String value, int ttl) {
        api.send(ApiRequest.post(recordsPath(zone), Map.of("type", "TXT", "name", name, "data", value, "ttl", ttl)));
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(String zone, String recordId) {
        api.send(ApiRequest.delete(ApiRequest.path("v2", "domains", zone, "records", recordId)), 404);
    }

    private static String recordsPath(String zone) {
        return ApiRequest.path("v2", "domains", zone, "records");
    }

    private void forEachPage(ApiRequest request, String field, Consumer<JsonNode> each) {
        int page = 1;
        for (int read = 0; read < MAX_PAGES; read++) {
            JsonNode body = api.json(request.query("page", page).query("per_page", PER_PAGE));
            body.path(field).forEach(each);
            Optional<Integer> next = pageOf(body.path("links").path("pages").path("next").asText(""));
            if (next.isEmpty() || next.get() <= page) {
                return;
            }
            page = next.get();
        }
    }

    /** The {@code page} parameter of a next-page URL, if it has one. */
    static Optional<Integer> pageOf(String url) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            String query = URI.create(url).getRawQuery();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("page=")) {
                        return Optional.of(Integer.parseInt(
                                URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
