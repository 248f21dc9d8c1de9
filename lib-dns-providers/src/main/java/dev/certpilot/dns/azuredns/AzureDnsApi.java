package dev.certpilot.dns.azuredns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The calls certpilot makes to Azure Resource Manager for Azure DNS (API version 2018-05-01,
 * https://learn.microsoft.com/en-us/rest/api/dns/), and nothing else:
 * <ul>
 *   <li>{@code GET /subscriptions/<s>[/resourceGroups/<rg>]/providers/Microsoft.Network/dnszones}: Zones - List (By
 *       Resource Group), following {@code nextLink};</li>
 *   <li>{@code GET .../resourceGroups/<rg>/providers/Microsoft.Network/dnsZones/<zone>}: Zones - Get;</li>
 *   <li>{@code GET .../dnsZones/<zone>/TXT/<name>}: Record Sets - Get, with its {@code etag};</li>
 *   <li>{@code PUT .../dnsZones/<zone>/TXT/<name>}: Record Sets - Create Or Update, replacing the TXT set, guarded by
 *       {@code If-Match: <etag>} (or {@code If-None-Match: *} for a new set);</li>
 *   <li>{@code DELETE .../dnsZones/<zone>/TXT/<name>}: Record Sets - Delete, guarded by {@code If-Match}.</li>
 * </ul>
 * Errors are {@code {"error": {"code", "message"}}}; a guard that no longer holds is HTTP 412.
 */
final class AzureDnsApi {

    static final String API_VERSION = "2018-05-01";

    /** A DNS zone: its name (normalized) and resource group. */
    record Zone(String name, String resourceGroup) {
    }

    /** A TXT record set: its etag and values (each value's strings joined). */
    record TxtSet(String etag, long ttl, List<String> values) {
    }

    private final HttpApi api;
    private final String subscription;

    AzureDnsApi(HttpApi api, String subscription) {
        this.api = api;
        this.subscription = subscription;
    }

    /** {@code code: message} of ARM's error envelope. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                JsonNode body = response.json();
                JsonNode error = body.has("error") ? body.path("error") : body;
                String code = error.path("code").asText("");
                String message = error.path("message").asText("");
                return code.isEmpty() && message.isEmpty() ? response.text() : code + ": " + message;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }

    /** The zones of the subscription, or of one resource group. */
    List<Zone> zones(String resourceGroup) {
        String path = resourceGroup == null
                ? ApiRequest.path("subscriptions", subscription, "providers", "Microsoft.Network", "dnszones")
                : ApiRequest.path("subscriptions", subscription, "resourceGroups", resourceGroup, "providers",
                        "Microsoft.Network", "dnsZones");
        List<Zone> zones = new ArrayList<>();
        forEachPage(ApiRequest.get(path).query("api-version", API_VERSION), z -> zones.add(zone(z)));
        return zones;
    }

    /** The zone of this name in this resource group, if it exists. */
    Optional<Zone> zone(String resourceGroup, String name) {
        ApiRequest get = ApiRequest.get(zonePath(resourceGroup, name)).query("api-version", API_VERSION);
        ApiResponse response = api.send(get, 404);
        return response.status() == 404 ? Optional.empty() : Optional.of(zone(json(get, response)));
    }

    /** The TXT record set {@code relativeName} of the zone, if it exists. */
    Optional<TxtSet> txtSet(Zone zone, String relativeName) {
        ApiRequest get = ApiRequest.get(setPath(zone, relativeName)).query("api-version", API_VERSION);
        ApiResponse response = api.send(get, 404);
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode set = json(get, response);
        List<String> values = new ArrayList<>();
        for (JsonNode txt : set.path("properties").path("TXTRecords")) {
            StringBuilder joined = new StringBuilder();
            txt.path("value").forEach(part -> joined.append(part.asText()));
            values.add(joined.toString());
        }
        return Optional.of(new TxtSet(set.path("etag").asText(), set.path("properties").path("TTL").asLong(), values));
    }

    /**
     * Writes the TXT record set with these values.
     *
     * @param etag the etag of the set as read ({@code If-Match}), or {@code null} to create it ({@code If-None-Match})
     * @throws DnsProviderException HTTP 412 when the set changed since it was read
     */
    void putTxtSet(Zone zone, String relativeName, String etag, long ttl, List<String> values) {
        List<Object> records = new ArrayList<>();
        for (String v : values) {
            records.add(Map.of("value", chunks(v)));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("TTL", ttl);
        properties.put("TXTRecords", records);
        ApiRequest put = ApiRequest.put(setPath(zone, relativeName), Map.of("properties", properties))
                .query("api-version", API_VERSION);
        api.send(etag == null ? put.header("If-None-Match", "*") : put.header("If-Match", etag));
    }

    /**
     * Deletes the TXT record set, if it still has this etag.
     *
     * @throws DnsProviderException HTTP 412 when the set changed since it was read
     */
    void deleteTxtSet(Zone zone, String relativeName, String etag) {
        api.send(ApiRequest.delete(setPath(zone, relativeName)).query("api-version", API_VERSION)
                .header("If-Match", etag));
    }

    private String zonePath(String resourceGroup, String zone) {
        return ApiRequest.path("subscriptions", subscription, "resourceGroups", resourceGroup, "providers",
                "Microsoft.Network", "dnsZones", zone);
    }

    private String setPath(Zone zone, String relativeName) {
        return zonePath(zone.resourceGroup(), zone.name()) + ApiRequest.path("TXT", relativeName);
    }

    /** Azure holds a TXT value as strings of at most 255 characters each. */
    private static List<String> chunks(String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            out.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return out.isEmpty() ? List.of("") : out;
    }

    private static Zone zone(JsonNode z) {
        String id = z.path("id").asText();
        String resourceGroup = "";
        String[] parts = id.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups")) {
                resourceGroup = parts[i + 1];
            }
        }
        return new Zone(Zones.normalize(z.path("name").asText()), resourceGroup);
    }

    private JsonNode json(ApiRequest request, ApiResponse response) {
        try {
            return response.json();
        } catch (RuntimeException e) {
            throw api.failure(request, response);
        }
    }

    /** Lists every page: {@code value} items, then the {@code nextLink} (its path and query, on this API's host). */
    private void forEachPage(ApiRequest first, Consumer<JsonNode> each) {
        ApiRequest request = first;
        while (request != null) {
            JsonNode body = api.json(request);
            body.path("value").forEach(each);
            String next = body.path("nextLink").asText("");
            request = next.isEmpty() ? null : relative(next);
        }
    }

    private static ApiRequest relative(String nextLink) {
        URI uri = URI.create(nextLink);
        ApiRequest request = ApiRequest.get(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                request = request.query(URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return request;
    }
}
