package dev.certpilot.dns.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The calls certpilot makes to Cloudflare's API v4 (https://developers.cloudflare.com/api/), and nothing else:
 * <ul>
 *   <li>{@code GET /zones?name=<zone>}: "List Zones", to find a zone's id;</li>
 *   <li>{@code GET /zones?page=<n>&per_page=50}: every zone of the account, for {@code ZoneLister};</li>
 *   <li>{@code GET /zones/<id>/dns_records?type=TXT&name=<fqdn>&page=<n>&per_page=100}: "List DNS Records";</li>
 *   <li>{@code POST /zones/<id>/dns_records}: "Create DNS Record", one TXT record per value;</li>
 *   <li>{@code DELETE /zones/<id>/dns_records/<record id>}: "Delete DNS Record".</li>
 * </ul>
 * Every answer is the envelope {@code {success, errors, messages, result, result_info}}.
 */
final class CloudflareApi {

    /** Cloudflare's error code for "An identical record already exists." */
    static final int IDENTICAL_RECORD_EXISTS = 81058;

    private static final int ZONES_PER_PAGE = 50;
    private static final int RECORDS_PER_PAGE = 100;

    /** A zone: its id and name. */
    record Zone(String id, String name) {
    }

    /** A DNS record as Cloudflare lists it; {@code content} of a TXT record may come quoted. */
    record DnsRecord(String id, String type, String name, String content, int ttl) {
    }

    private final HttpApi zoneApi;
    private final HttpApi dnsApi;

    /**
     * @param zoneApi client for zone reads (authenticated with the zone token when one is configured)
     * @param dnsApi  client for DNS record reads and writes
     */
    CloudflareApi(HttpApi zoneApi, HttpApi dnsApi) {
        this.zoneApi = zoneApi;
        this.dnsApi = dnsApi;
    }

    /** Turns Cloudflare's {@code errors} array into "code: message (code: message)" text. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                StringJoiner out = new StringJoiner("; ");
                for (JsonNode e : response.json().path("errors")) {
                    StringJoiner chain = new StringJoiner(", ", " (", ")").setEmptyValue("");
                    e.path("error_chain").forEach(c -> chain.add(c.path("code").asText() + ": "
                            + c.path("message").asText()));
                    out.add(e.path("code").asText() + ": " + e.path("message").asText() + chain);
                }
                return out.length() == 0 ? response.text() : out.toString();
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The zone of exactly this name, if the account has it. */
    Optional<Zone> zoneByName(String name) {
        JsonNode result = result(zoneApi, ApiRequest.get("/zones").query("name", name));
        for (JsonNode z : result) {
            if (Zones.normalize(z.path("name").asText()).equals(name)) {
                return Optional.of(new Zone(z.path("id").asText(), name));
            }
        }
        return Optional.empty();
    }

    /** Every zone of the account, all pages. */
    List<Zone> zones() {
        List<Zone> zones = new ArrayList<>();
        forEachPage(zoneApi, ApiRequest.get("/zones"), ZONES_PER_PAGE,
                z -> zones.add(new Zone(z.path("id").asText(), Zones.normalize(z.path("name").asText()))));
        return zones;
    }

    /** The TXT records at {@code fqdn}, all pages. */
    List<DnsRecord> txtRecords(String zoneId, String fqdn) {
        List<DnsRecord> records = new ArrayList<>();
        ApiRequest list = ApiRequest.get(ApiRequest.path("zones", zoneId, "dns_records"))
                .query("type", "TXT").query("name", fqdn);
        forEachPage(dnsApi, list, RECORDS_PER_PAGE, r -> records.add(new DnsRecord(r.path("id").asText(),
                r.path("type").asText(), r.path("name").asText(), r.path("content").asText(), r.path("ttl").asInt())));
        return records;
    }

    /**
     * Creates one TXT record; an identical record that already exists counts as created.
     *
     * @param content the content exactly as it is to be sent (quoted)
     */
    void createTxt(String zoneId, String fqdn, String content, int ttl) {
        ApiRequest create = ApiRequest.post(ApiRequest.path("zones", zoneId, "dns_records"),
                Map.of("type", "TXT", "name", fqdn, "content", content, "ttl", ttl));
        ApiResponse response = dnsApi.send(create, 400);
        if (response.status() == 400 && !hasError(response, IDENTICAL_RECORD_EXISTS)) {
            throw dnsApi.failure(create, response);
        }
        checkSuccess(dnsApi, create, response);
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(String zoneId, String recordId) {
        ApiRequest delete = ApiRequest.delete(ApiRequest.path("zones", zoneId, "dns_records", recordId));
        ApiResponse response = dnsApi.send(delete, 404);
        if (response.status() != 404) {
            checkSuccess(dnsApi, delete, response);
        }
    }

    private static void forEachPage(HttpApi api, ApiRequest request, int perPage,
            java.util.function.Consumer<JsonNode> each) {
        int page = 1;
        int totalPages;
        do {
            ApiRequest paged = request.query("page", page).query("per_page", perPage);
            ApiResponse response = api.send(paged);
            checkSuccess(api, paged, response);
            JsonNode body = response.json();
            body.path("result").forEach(each);
            totalPages = body.path("result_info").path("total_pages").asInt(1);
            page++;
        } while (page <= totalPages);
    }

    private static JsonNode result(HttpApi api, ApiRequest request) {
        ApiResponse response = api.send(request);
        checkSuccess(api, request, response);
        return response.json().path("result");
    }

    /** A 2xx answer still fails when its envelope says {@code "success": false} (a missing field is success). */
    private static void checkSuccess(HttpApi api, ApiRequest request, ApiResponse response) {
        JsonNode body;
        try {
            body = response.json();
        } catch (RuntimeException e) {
            throw api.failure(request, response);
        }
        boolean refused = body.path("success").isBoolean() && !body.path("success").asBoolean();
        if (refused && !hasError(response, IDENTICAL_RECORD_EXISTS)) {
            throw api.failure(request, response);
        }
    }

    private static boolean hasError(ApiResponse response, int code) {
        try {
            for (JsonNode e : response.json().path("errors")) {
                if (e.path("code").asInt() == code) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }
}
