package dev.certpilot.dns.exoscale;

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

/**
 * The calls certpilot makes to the Exoscale API v2 (https://openapi-v2.exoscale.com/#endpoint-dns), and nothing else:
 * <ul>
 *   <li>{@code GET /dns-domain}: the account's domains ({@code {"dns-domains": [{id, unicode-name}]}});</li>
 *   <li>{@code GET /dns-domain/<id>/record}: the domain's records ({@code {"dns-domain-records": [...]}});</li>
 *   <li>{@code POST /dns-domain/<id>/record}: create one record {@code {name, type, content, ttl}};</li>
 *   <li>{@code DELETE /dns-domain/<id>/record/<record id>}: delete one record;</li>
 *   <li>{@code GET /operation/<id>}: follow the asynchronous operation a write returns until {@code success}.</li>
 * </ul>
 * Errors are {@code {"message": "..."}}.
 */
final class ExoscaleApi {

    private static final int MAX_POLLS = 20;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** A domain: id and name. */
    record Domain(String id, String name) {
    }

    /** A TXT record: id, relative name and content. */
    record TxtRecord(String id, String name, String content) {
    }

    private final HttpApi api;
    private final Sleeper sleeper;

    ExoscaleApi(HttpApi api, Sleeper sleeper) {
        this.api = api;
        this.sleeper = sleeper;
    }

    /** The {@code message} field, or the body. */
    static ErrorMessage errorMessage() {
        return ErrorMessage.jsonField("message");
    }

    /** Every domain of the account. */
    List<Domain> domains() {
        List<Domain> out = new ArrayList<>();
        api.json(ApiRequest.get("/dns-domain")).path("dns-domains").forEach(d -> out.add(new Domain(
                d.path("id").asText(), Zones.normalize(d.path("unicode-name").asText()))));
        return out;
    }

    /** The TXT records of the domain named {@code name} (relative, {@code ""} at the apex). */
    List<TxtRecord> txtRecords(String domainId, String name) {
        List<TxtRecord> out = new ArrayList<>();
        for (JsonNode r : api.json(ApiRequest.get(ApiRequest.path("dns-domain", domainId, "record")))
                .path("dns-domain-records")) {
            if ("TXT".equals(r.path("type").asText()) && name.equalsIgnoreCase(r.path("name").asText())) {
                out.add(new TxtRecord(r.path("id").asText(), r.path("name").asText(), r.path("content").asText()));
            }
        }
        return out;
    }

    /** Creates one TXT record and waits for the operation to succeed. */
    void createTxt(String domainId, String name, String content, int ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "TXT");
        body.put("content", content);
        body.put("ttl", ttl);
        await(api.json(ApiRequest.post(ApiRequest.path("dns-domain", domainId, "record"), body)));
    }

    /** Deletes one record and waits; a record already gone (404) counts as deleted. */
    void delete(String domainId, String recordId) {
        ApiResponse response = api.send(ApiRequest.delete(ApiRequest.path("dns-domain", domainId, "record", recordId)),
                404);
        if (response.status() != 404) {
            await(response.json());
        }
    }

    /**
     * Polls an operation until it leaves {@code pending}: at once the first time (DNS operations are quick), then
     * pausing with the sleeper.
     */
    private void await(JsonNode operation) {
        JsonNode op = AsyncOperations.await(ExoscaleDnsProvider.NAME, "operation " + operation.path("id").asText(),
                operation, state -> "pending".equals(state.path("state").asText()),
                state -> api.json(ApiRequest.get(ApiRequest.path("operation", state.path("id").asText()))),
                sleeper, POLL_INTERVAL, MAX_POLLS);
        String state = op.path("state").asText();
        if (!"success".equals(state)) {
            throw new DnsProviderException(ExoscaleDnsProvider.NAME, "operation " + op.path("id").asText() + " ended "
                    + state + (op.hasNonNull("reason") ? " (" + op.path("reason").asText() + ")" : "")
                    + (op.hasNonNull("message") ? ": " + api.redactor().redact(op.path("message").asText(), 200) : ""),
                    null);
        }
    }
}
