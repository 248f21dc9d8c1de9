package dev.certpilot.dns.gandiv5;

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

/**
 * The calls certpilot makes to Gandi's LiveDNS API (https://api.gandi.net/docs/livedns/), all below
 * {@code /v5/livedns}, and nothing else:
 * <ul>
 *   <li>{@code GET /domains/<fqdn>}: the domain, to find the zone (404 when the organization has none of that
 *       name);</li>
 *   <li>{@code GET /domains?page=<n>&per_page=100}: every domain, for {@code ZoneLister} ({@code total-count}
 *       header);</li>
 *   <li>{@code GET /domains/<fqdn>/records/<name>/TXT}: the TXT record set at a name (404 when there is none);</li>
 *   <li>{@code PUT /domains/<fqdn>/records/<name>/TXT} with {@code rrset_ttl} and {@code rrset_values}: replaces the
 *       whole set;</li>
 *   <li>{@code DELETE /domains/<fqdn>/records/<name>/TXT}: removes the set.</li>
 * </ul>
 * Names are relative to the domain ({@code @} at the apex). Errors are
 * {@code {"code", "message", "object", "cause"}}.
 */
final class GandiApi {

    private static final int PER_PAGE = 100;
    private static final int MAX_PAGES = 1_000;

    private final HttpApi api;

    GandiApi(HttpApi api) {
        this.api = api;
    }

    /** Gandi's {@code message} (with {@code cause} when it adds something), else the body. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                String message = body.path("message").asText("");
                String cause = body.path("cause").asText("");
                if (message.isEmpty()) {
                    return response.text();
                }
                return cause.isEmpty() || message.contains(cause) ? message : cause + ": " + message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The LiveDNS domain of exactly this name, if the credentials can see it. */
    Optional<String> zoneByName(String name) {
        ApiResponse response = api.send(ApiRequest.get(ApiRequest.path("v5", "livedns", "domains", name)), 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Zones.normalize(response.json().path("fqdn").asText(name)));
    }

    /** Every LiveDNS domain, all pages. */
    List<String> zones() {
        List<String> zones = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            ApiResponse response = api.send(ApiRequest.get("/v5/livedns/domains").query("page", page)
                    .query("per_page", PER_PAGE));
            JsonNode items = response.json();
            items.forEach(d -> zones.add(Zones.normalize(d.path("fqdn").asText())));
            long total = response.headers().firstValueAsLong("total-count").orElse(-1);
            boolean more = total >= 0 ? (long) page * PER_PAGE < total : items.size() == PER_PAGE;
            if (!more || items.isEmpty()) {
                break;
            }
        }
        return zones;
    }

    /** The values of the TXT record set at {@code name} (as Gandi returns them, usually quoted), empty when none. */
    List<String> txtValues(String zone, String name) {
        ApiResponse response = api.send(ApiRequest.get(txtPath(zone, name)), 404);
        List<String> values = new ArrayList<>();
        if (response.status() != 404) {
            response.json().path("rrset_values").forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** Replaces the TXT record set at {@code name} with exactly {@code values}, or deletes it when empty. */
    void replaceTxt(String zone, String name, int ttl, List<String> values) {
        if (values.isEmpty()) {
            api.send(ApiRequest.delete(txtPath(zone, name)), 404);
        } else {
            api.send(ApiRequest.put(txtPath(zone, name), Map.of("rrset_ttl", ttl, "rrset_values", values)));
        }
    }

    private static String txtPath(String zone, String name) {
        return ApiRequest.path("v5", "livedns", "domains", zone, "records", name, "TXT");
    }
}
