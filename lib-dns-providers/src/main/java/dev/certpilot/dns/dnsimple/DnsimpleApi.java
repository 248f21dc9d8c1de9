package dev.certpilot.dns.dnsimple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.OneRecordPerValue.TxtRecord;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to DNSimple's API v2 (https://developer.dnsimple.com/v2/), and nothing else:
 * <ul>
 *   <li>{@code GET /v2/whoami}: the account of an account token (a user token answers {@code account: null}; then
 *       {@code GET /v2/accounts} must list exactly one account);</li>
 *   <li>{@code GET /v2/<account>/zones/<zone>}: "Retrieve a zone" (404 when the account has none of that name);</li>
 *   <li>{@code GET /v2/<account>/zones?page=<n>&per_page=100}: "List zones", for {@code ZoneLister};</li>
 *   <li>{@code GET /v2/<account>/zones/<zone>/records?name=<name>&type=TXT&page=<n>&per_page=100}: "List zone
 *       records" with the exact relative name (empty at the apex);</li>
 *   <li>{@code POST /v2/<account>/zones/<zone>/records}: "Create a zone record", one TXT record per value;</li>
 *   <li>{@code DELETE /v2/<account>/zones/<zone>/records/<id>}: "Delete a zone record" (204).</li>
 * </ul>
 * Answers wrap their result in {@code data}; lists add {@code pagination.{current_page, total_pages}}. Errors are
 * {@code {"message": "...", "errors": {"field": ["..."]}}}.
 */
final class DnsimpleApi {

    private static final int PER_PAGE = 100;
    private static final int MAX_PAGES = 1_000;

    private final HttpApi api;
    private final String provider;
    private volatile String accountId;

    DnsimpleApi(HttpApi api, String provider, String accountId) {
        this.api = api;
        this.provider = provider;
        this.accountId = accountId;
    }

    /** DNSimple's {@code message} followed by the field errors, else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                StringBuilder out = new StringBuilder(body.path("message").asText(""));
                for (Iterator<Map.Entry<String, JsonNode>> it = body.path("errors").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<String> reasons = new ArrayList<>();
                    e.getValue().forEach(r -> reasons.add(r.asText()));
                    out.append(out.length() == 0 ? "" : "; ").append(e.getKey()).append(": ")
                            .append(String.join(", ", reasons));
                }
                return out.length() == 0 ? response.text() : out.toString();
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The account id: given, or learnt once from {@code /v2/whoami} (or the only account of a user token). */
    String account() {
        String id = accountId;
        if (id != null) {
            return id;
        }
        synchronized (this) {
            if (accountId == null) {
                JsonNode account = api.json(ApiRequest.get("/v2/whoami")).path("data").path("account");
                if (account.hasNonNull("id")) {
                    accountId = account.path("id").asText();
                } else {
                    JsonNode accounts = api.json(ApiRequest.get("/v2/accounts")).path("data");
                    if (accounts.size() != 1) {
                        throw new DnsProviderException(provider, "the token gives access to " + accounts.size()
                                + " accounts: use an account token, or set the account id", null);
                    }
                    accountId = accounts.get(0).path("id").asText();
                }
            }
            return accountId;
        }
    }

    /** The zone of exactly this name, if the account has it. */
    Optional<String> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("v2", account(), "zones", name)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Zones.normalize(response.json().path("data").path("name").asText(name)));
    }

    /** Every zone of the account, all pages. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        forEachPage(ApiRequest.get(ApiRequest.path("v2", account(), "zones")),
                z -> zones.add(Zones.normalize(z.path("name").asText())));
        return zones;
    }

    /** The TXT records named {@code name} (relative to the zone, empty at the apex), all pages. */
    List<TxtRecord> txtRecords(String zone, String name) {
        List<TxtRecord> records = new ArrayList<>();
        ApiRequest list = ApiRequest.get(recordsPath(zone)).query("name", name).query("type", "TXT");
        forEachPage(list, r -> {
            if ("TXT".equals(r.path("type").asText()) && name.equals(r.path("name").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("content").asText()));
            }
        });
        return records;
    }

    /** Creates one TXT record holding {@code value} at {@code name} (relative, empty at the apex). */
    void createTxt(String zone, String name, String value, int ttl) {
        api.send(ApiRequest.post(recordsPath(zone),
                Map.of("name", name, "type", "TXT", "content", value, "ttl", ttl)));
    }

    /** Deletes one record; a record that is already gone (404) counts as deleted. */
    void delete(String zone, String recordId) {
        api.send(ApiRequest.delete(ApiRequest.path("v2", account(), "zones", zone, "records", recordId)), 404);
    }

    private String recordsPath(String zone) {
        return ApiRequest.path("v2", account(), "zones", zone, "records");
    }

    private void forEachPage(ApiRequest request, Consumer<JsonNode> each) {
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode body = api.json(request.query("page", page).query("per_page", PER_PAGE));
            body.path("data").forEach(each);
            if (page >= body.path("pagination").path("total_pages").asInt(1)) {
                return;
            }
        }
    }
}
