package dev.certpilot.dns.ovh;

import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.Digests;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs OVH API requests (https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api): headers
 * {@code X-Ovh-Application}, {@code X-Ovh-Consumer}, {@code X-Ovh-Timestamp} and {@code X-Ovh-Signature} =
 * {@code "$1$" + SHA1_HEX(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TIMESTAMP)}, the URL being
 * the full URL with query. The timestamp is the API's time: the difference between {@code GET /auth/time} and the
 * local clock is measured once, on first use, so a machine whose clock is off still signs acceptably.
 */
final class OvhSigner implements Authenticator {

    private final String applicationKey;
    private final Secret applicationSecret;
    private final Secret consumerKey;
    private final HttpApi timeApi;
    private final Clock clock;
    private Long deltaSeconds;

    /**
     * @param timeApi an unauthenticated client of the same API, for {@code GET /auth/time}
     */
    OvhSigner(String applicationKey, Secret applicationSecret, Secret consumerKey, HttpApi timeApi, Clock clock) {
        this.applicationKey = applicationKey;
        this.applicationSecret = applicationSecret;
        this.consumerKey = consumerKey;
        this.timeApi = timeApi;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        long timestamp = clock.instant().getEpochSecond() + delta();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Ovh-Application", applicationKey);
        headers.put("X-Ovh-Consumer", consumerKey.reveal());
        headers.put("X-Ovh-Timestamp", String.valueOf(timestamp));
        headers.put("X-Ovh-Signature", signature(applicationSecret.reveal(), consumerKey.reveal(), method,
                uri.toString(), new String(body, StandardCharsets.UTF_8), timestamp));
        return headers;
    }

    /** {@code "$1$" + SHA1_HEX(AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+BODY+"+"+TSTAMP)}. */
    static String signature(String applicationSecret, String consumerKey, String method, String url, String body,
            long timestamp) {
        return "$1$" + Digests.sha1Hex(applicationSecret + "+" + consumerKey + "+" + method + "+" + url + "+" + body
                + "+" + timestamp);
    }

    /** The API's clock minus ours, in seconds, measured once. */
    private synchronized long delta() {
        if (deltaSeconds == null) {
            String text = timeApi.send(ApiRequest.get("/auth/time")).text().strip();
            try {
                deltaSeconds = Long.parseLong(text) - clock.instant().getEpochSecond();
            } catch (NumberFormatException e) {
                throw new DnsProviderException(OvhDnsProvider.NAME, "GET /auth/time answered '"
                        + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "', not a UNIX time", null);
            }
        }
        return deltaSeconds;
    }
}
