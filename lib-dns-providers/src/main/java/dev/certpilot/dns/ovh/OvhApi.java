package dev.certpilot.dns.ovh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The calls certpilot makes to the OVHcloud API v1 (https://eu.api.ovh.com/console/?section=%2Fdomain), and
 * nothing else:
 * <ul>
 *   <li>{@code GET /domain/zone/<zone>}: the zone, 404 when the account has none of that name;</li>
 *   <li>{@code GET /domain/zone}: every zone, for {@code ZoneLister};</li>
 *   <li>{@code GET /domain/zone/<zone>/record?fieldType=TXT&subDomain=<sub>}: the ids of the TXT records at a name;</li>
 *   <li>{@code GET /domain/zone/<zone>/record/<id>}: one record ({@code target} holds the value);</li>
 *   <li>{@code POST /domain/zone/<zone>/record}: create one record {@code {fieldType, subDomain, target, ttl}};</li>
 *   <li>{@code DELETE /domain/zone/<zone>/record/<id>}: delete one record;</li>
 *   <li>{@code POST /domain/zone/<zone>/refresh}: apply the zone's changes to OVH's DNS servers.</li>
 * </ul>
 * Errors are {@code {"errorCode", "httpCode", "message"}} (older answers: {@code {"class", "message"}}); a wrong
 * signature is HTTP 400 {@code INVALID_SIGNATURE}, reported as an authentication failure like a 401/403.
 */
final class OvhApi {

    /** A TXT record: its id and target. */
    record TxtRecord(long id, String target) {
    }

    private final HttpApi api;

    OvhApi(HttpApi api) {
        this.api = api;
    }

    /** {@code errorCode: message}, or the {@code message}. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String code = body.path("errorCode").asText("");
                String message = body.path("message").asText(response.text());
                return code.isEmpty() ? message : code + ": " + message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** Whether the account has a zone of exactly this name. */
    Optional<String> zoneByName(String name) {
        ApiResponse response = send(ApiRequest.get(ApiRequest.path("domain", "zone", name)), 404);
        return response.status() == 404 ? Optional.empty() : Optional.of(name);
    }

    /** Every zone of the account. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        json(ApiRequest.get("/domain/zone")).forEach(z -> zones.add(Zones.normalize(z.asText())));
        return zones;
    }

    /** The TXT records at {@code subDomain} ({@code ""} for the apex). */
    List<TxtRecord> txtRecords(String zone, String subDomain) {
        List<TxtRecord> records = new ArrayList<>();
        for (JsonNode id : json(ApiRequest.get(ApiRequest.path("domain", "zone", zone, "record"))
                .query("fieldType", "TXT").query("subDomain", subDomain))) {
            ApiRequest get = ApiRequest.get(ApiRequest.path("domain", "zone", zone, "record", id.asText()));
            ApiResponse response = send(get, 404);
            if (response.status() != 404) {
                records.add(new TxtRecord(id.asLong(), response.json().path("target").asText()));
            }
        }
        return records;
    }

    /** Creates one TXT record. */
    void createTxt(String zone, String subDomain, String target, int ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fieldType", "TXT");
        body.put("subDomain", subDomain);
        body.put("target", target);
        body.put("ttl", ttl);
        send(ApiRequest.post(ApiRequest.path("domain", "zone", zone, "record"), body));
    }

    /** Deletes one record; one already gone (404) counts as deleted. */
    void delete(String zone, long id) {
        send(ApiRequest.delete(ApiRequest.path("domain", "zone", zone, "record", String.valueOf(id))), 404);
    }

    /** Applies the zone's pending changes. */
    void refresh(String zone) {
        send(ApiRequest.post(ApiRequest.path("domain", "zone", zone, "refresh"), null));
    }

    private JsonNode json(ApiRequest request) {
        ApiResponse response = send(request);
        try {
            return response.json();
        } catch (RuntimeException e) {
            throw api.failure(request, response);
        }
    }

    /** Sends, turning OVH's HTTP 400 {@code INVALID_SIGNATURE} into an authentication failure. */
    private ApiResponse send(ApiRequest request, int... alsoAccepted) {
        int[] accepted = IntStream.concat(Arrays.stream(alsoAccepted), IntStream.of(400)).toArray();
        ApiResponse response = api.send(request, accepted);
        if (response.status() == 400 && Arrays.stream(alsoAccepted).noneMatch(s -> s == 400)) {
            throw api.failure(request, response, isInvalidSignature(response));
        }
        return response;
    }

    private static boolean isInvalidSignature(ApiResponse response) {
        try {
            JsonNode body = response.json();
            return "INVALID_SIGNATURE".equals(body.path("errorCode").asText())
                    || "Invalid signature".equalsIgnoreCase(body.path("message").asText());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
