package dev.certpilot.dns.porkbun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.OneRecordPerValue.TxtRecord;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calls certpilot makes to Porkbun's API v3 (https://porkbun.com/api/json/v3/documentation), and nothing else.
 * Every call is a {@code POST} whose JSON body carries the credentials ({@code apikey}, {@code secretapikey}):
 * <ul>
 *   <li>{@code /domain/listAll} with {@code start}: the account's domains, 1000 at a time (for zone detection and
 *       {@code ZoneLister});</li>
 *   <li>{@code /dns/retrieveByNameType/<domain>/TXT/<subdomain>}: the TXT records at a name (no subdomain at the
 *       apex);</li>
 *   <li>{@code /dns/create/<domain>}: one TXT record per value ({@code name} is the subdomain, blank at the apex);</li>
 *   <li>{@code /dns/delete/<domain>/<id>}.</li>
 * </ul>
 * Answers are {@code {"status": "SUCCESS", ...}} or {@code {"status": "ERROR", "message": "..."}}; Porkbun answers a
 * wrong key with HTTP 400 "Invalid API key. (002)", which certpilot reports as an authentication failure.
 */
final class PorkbunApi {

    private static final int DOMAINS_PER_PAGE = 1_000;
    private static final int MAX_PAGES = 100;
    /** How long one listing of the account's domains serves zone detection for several candidate names. */
    private static final Duration LISTING_REUSE = Duration.ofSeconds(30);

    private final HttpApi api;
    private final String provider;
    private final Secret apiKey;
    private final Secret secretApiKey;
    private final Clock clock;
    private List<String> listing;
    private Instant listedAt = Instant.MIN;

    PorkbunApi(HttpApi api, String provider, Secret apiKey, Secret secretApiKey, Clock clock) {
        this.api = api;
        this.provider = provider;
        this.apiKey = apiKey;
        this.secretApiKey = secretApiKey;
        this.clock = clock;
    }

    /** Porkbun's {@code message}, else the body. */
    static ErrorMessage errorMessage() {
        return ErrorMessage.jsonField("message");
    }

    /** Every domain of the account, all pages. */
    List<String> domains() {
        List<String> domains = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = call("/domain/listAll", Map.of("start", String.valueOf(page * DOMAINS_PER_PAGE)));
            body.path("domains").forEach(d -> domains.add(Zones.normalize(d.path("domain").asText())));
            if (body.path("domains").size() < DOMAINS_PER_PAGE) {
                break;
            }
        }
        synchronized (this) {
            listing = List.copyOf(domains);
            listedAt = clock.instant();
        }
        return domains;
    }

    /** Whether the account has a domain of exactly this name, from a listing at most a few seconds old. */
    boolean hasDomain(String name) {
        List<String> known;
        synchronized (this) {
            known = listing != null && listedAt.plus(LISTING_REUSE).isAfter(clock.instant()) ? listing : null;
        }
        return (known != null ? known : domains()).contains(name);
    }

    /** The TXT records at {@code subdomain} of {@code domain} ({@code ""} at the apex). */
    List<TxtRecord> txtRecords(String domain, String subdomain) {
        String path = subdomain.isEmpty() ? ApiRequest.path("dns", "retrieveByNameType", domain, "TXT")
                : ApiRequest.path("dns", "retrieveByNameType", domain, "TXT", subdomain);
        List<TxtRecord> records = new ArrayList<>();
        for (JsonNode r : call(path, Map.of()).path("records")) {
            if ("TXT".equals(r.path("type").asText())) {
                records.add(new TxtRecord(r.path("id").asText(), r.path("content").asText()));
            }
        }
        return records;
    }

    /** Creates one TXT record holding {@code value} at {@code subdomain} ({@code ""} at the apex). */
    void createTxt(String domain, String subdomain, String value, int ttl) {
        call(ApiRequest.path("dns", "create", domain),
                Map.of("name", subdomain, "type", "TXT", "content", value, "ttl", String.valueOf(ttl)));
    }

    /** Deletes one record. */
    void delete(String domain, String recordId) {
        call(ApiRequest.path("dns", "delete", domain, recordId), Map.of());
    }

    private JsonNode call(String path, Map<String, String> fields) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("secretapikey", secretApiKey.reveal());
        body.put("apikey", apiKey.reveal());
        body.putAll(fields);
        ApiRequest request = ApiRequest.post(path, body);
        ApiResponse response = api.send(request, 400);
        JsonNode json;
        try {
            json = response.json();
        } catch (RuntimeException e) {
            throw api.failure(request, response);
        }
        if (response.status() == 400 || !"SUCCESS".equalsIgnoreCase(json.path("status").asText())) {
            DnsProviderException failure = api.failure(request, response);
            String message = json.path("message").asText("").toLowerCase(Locale.ROOT);
            if (message.contains("invalid api key")) {
                throw new DnsProviderException(provider, ErrorCode.DNS_PROVIDER_ERROR,
                        failure.getMessage().substring(provider.length() + 2), response.status(), true, null);
            }
            throw failure;
        }
        return json;
    }
}
