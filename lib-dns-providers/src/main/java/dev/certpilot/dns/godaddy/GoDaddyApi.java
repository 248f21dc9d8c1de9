package dev.certpilot.dns.godaddy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The calls certpilot makes to GoDaddy's Domains API v1 (https://developer.godaddy.com/doc/endpoint/domains), and
 * nothing else:
 * <ul>
 *   <li>{@code GET /v1/domains/<domain>}: the domain, 404 when the account has none of that name;</li>
 *   <li>{@code GET /v1/domains?statuses=ACTIVE&limit=<n>&marker=<last>}: the account's domains, for {@code ZoneLister};</li>
 *   <li>{@code GET /v1/domains/<domain>/records/TXT/<name>}: the TXT records at a name ({@code recordGet});</li>
 *   <li>{@code PUT /v1/domains/<domain>/records/TXT/<name>}: replaces all TXT records at the name
 *       ({@code recordReplaceTypeName}), body {@code [{"data", "ttl"}]};</li>
 *   <li>{@code DELETE /v1/domains/<domain>/records/TXT/<name>}: deletes them ({@code recordDeleteTypeName}).</li>
 * </ul>
 * Errors are {@code {"code", "message", "fields": [{"code", "message", "path"}]}}.
 */
final class GoDaddyApi {

    private static final int DOMAINS_PER_PAGE = 1000;

    /** One TXT record as GoDaddy lists it. */
    record TxtRecord(String data, int ttl) {
    }

    private final HttpApi api;

    GoDaddyApi(HttpApi api) {
        this.api = api;
    }

    /** {@code code: message [field: message]}. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String code = body.path("code").asText("");
                if (code.isEmpty()) {
                    return response.text();
                }
                StringJoiner fields = new StringJoiner(", ", " [", "]").setEmptyValue("");
                body.path("fields").forEach(f -> fields.add(f.path("path").asText() + ": " + f.path("message").asText()));
                return code + ": " + body.path("message").asText() + fields;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The domain of exactly this name, if the account has it. */
    Optional<String> domainByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("v1", "domains", name)), 404);
        return response.status() == 404 ? Optional.empty() : Optional.of(name);
    }

    /** The account's active domains, all pages. */
    List<String> domains() {
        List<String> out = new ArrayList<>();
        String marker = null;
        while (true) {
            ApiRequest list = ApiRequest.get("/v1/domains").query("statuses", "ACTIVE").query("limit", DOMAINS_PER_PAGE);
            JsonNode page = api.json(marker == null ? list : list.query("marker", marker));
            page.forEach(d -> out.add(Zones.normalize(d.path("domain").asText())));
            if (page.size() < DOMAINS_PER_PAGE) {
                return out;
            }
            marker = page.get(page.size() - 1).path("domain").asText();
        }
    }

    /** The TXT records at {@code name} ({@code @} for the apex). */
    List<TxtRecord> txtRecords(String domain, String name) {
        ApiRequest get = ApiRequest.get(ApiRequest.path("v1", "domains", domain, "records", "TXT", name));
        ApiResponse response = api.send(get, 404);
        List<TxtRecord> records = new ArrayList<>();
        if (response.status() != 404) {
            response.json().forEach(r -> records.add(new TxtRecord(r.path("data").asText(), r.path("ttl").asInt())));
        }
        return records;
    }

    /** Replaces every TXT record at {@code name} with these. */
    void replaceTxt(String domain, String name, List<TxtRecord> records) {
        List<Object> body = new ArrayList<>();
        for (TxtRecord r : records) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("data", r.data());
            record.put("ttl", r.ttl());
            body.add(record);
        }
        api.send(ApiRequest.put(ApiRequest.path("v1", "domains", domain, "records", "TXT", name), body));
    }

    /** Deletes every TXT record at {@code name}; none there (404) counts as deleted. */
    void deleteTxt(String domain, String name) {
        api.send(ApiRequest.delete(ApiRequest.path("v1", "domains", domain, "records", "TXT", name)), 404);
    }
}
