package dev.certpilot.dns.route53;

import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.ApiResponse;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.Xml;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * The calls certpilot makes to the Route 53 API (version 2013-04-01,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/), and nothing else:
 * <ul>
 *   <li>{@code GET /2013-04-01/hostedzonesbyname?dnsname=<zone>}: ListHostedZonesByName, to find a zone's id;</li>
 *   <li>{@code GET /2013-04-01/hostedzone?marker=<m>&maxitems=100}: ListHostedZones, for {@code ZoneLister};</li>
 *   <li>{@code GET /2013-04-01/hostedzone/<id>/rrset?name=<fqdn>.&type=TXT&maxitems=1}: ListResourceRecordSets,
 *       the TXT record set at a name;</li>
 *   <li>{@code POST /2013-04-01/hostedzone/<id>/rrset/}: ChangeResourceRecordSets with one {@code UPSERT} or
 *       {@code DELETE} of the whole TXT record set;</li>
 *   <li>{@code GET /2013-04-01/change/<id>}: GetChange, {@code PENDING} or {@code INSYNC}.</li>
 * </ul>
 * Answers are XML in the namespace {@code https://route53.amazonaws.com/doc/2013-04-01/}; errors are
 * {@code <ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>}, or {@code <InvalidChangeBatch><Messages>}
 * for a refused change batch.
 */
final class Route53Api {

    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";
    static final String VERSION = "/2013-04-01";

    /** HTTP 400 codes that mean "slow down, then try again" (Route 53's throttling, a change still in progress). */
    private static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "PriorRequestNotComplete");
    private static final int ZONES_PER_PAGE = 100;

    /** A hosted zone: its id (without {@code /hostedzone/}) and name (normalized). */
    record HostedZone(String id, String name, boolean privateZone) {
    }

    /** The TXT record set at a name: its TTL and values as Route 53 holds them (quoted). */
    record TxtSet(long ttl, List<String> values) {
    }

    private final HttpApi api;
    private final boolean privateZone;

    /**
     * @param api         client of the Route 53 endpoint, signing with SigV4
     * @param privateZone whether zones are looked up among private (true) or public (false) hosted zones
     */
    Route53Api(HttpApi api, boolean privateZone) {
        this.api = api;
        this.privateZone = privateZone;
    }

    /** {@code Code: Message} of an {@code ErrorResponse}, or the messages of an {@code InvalidChangeBatch}. */
    static ErrorMessage errorMessage() {
        return response -> {
            try {
                Element root = Xml.parse(response.body());
                String code = Xml.text(root, "Error", "Code");
                if (!code.isEmpty()) {
                    return code + ": " + Xml.text(root, "Error", "Message");
                }
                StringJoiner messages = new StringJoiner("; ", root.getLocalName() + ": ", "");
                Xml.path(root, "Messages").ifPresent(m -> Xml.children(m, "Message")
                        .forEach(e -> messages.add(e.getTextContent().strip())));
                return messages.toString();
            } catch (IllegalArgumentException e) {
                return response.text();
            }
        };
    }

    /** Whether an answer is Route 53's way of saying "retry later" (HTTP 400 {@code Throttling} and such). */
    static Predicate<ApiResponse> transientAnswer() {
        return response -> response.status() == 400 && TRANSIENT_CODES.contains(errorCode(response));
    }

    /** The zone of exactly this name among public or private zones (as configured), if the account has it. */
    Optional<HostedZone> zoneByName(String name) {
        Element root = xml(ApiRequest.get(VERSION + "/hostedzonesbyname").query("dnsname", name));
        return Xml.path(root, "HostedZones").stream()
                .flatMap(zones -> Xml.children(zones, "HostedZone").stream())
                .map(Route53Api::hostedZone)
                .filter(z -> z.name().equals(name) && z.privateZone() == privateZone)
                .findFirst();
    }

    /** Every hosted zone of the account, all pages. */
    List<HostedZone> zones() {
        List<HostedZone> zones = new ArrayList<>();
        String marker = null;
        do {
            ApiRequest list = ApiRequest.get(VERSION + "/hostedzone");
            if (marker != null) {
                list = list.query("marker", marker);
            }
            Element root = xml(list.query("maxitems", ZONES_PER_PAGE));
            Xml.path(root, "HostedZones").ifPresent(z -> Xml.children(z, "HostedZone")
                    .forEach(e -> zones.add(hostedZone(e))));
            marker = Boolean.parseBoolean(Xml.text(root, "IsTruncated")) ? Xml.text(root, "NextMarker") : null;
        } while (marker != null && !marker.isEmpty());
        return zones;
    }

    /** The TXT record set at {@code fqdn} (normalized), if there is one. */
    Optional<TxtSet> txtSet(String zoneId, String fqdn) {
        Element root = xml(ApiRequest.get(ApiRequest.path("2013-04-01", "hostedzone", zoneId, "rrset"))
                .query("name", fqdn + ".").query("type", "TXT").query("maxitems", 1));
        for (Element set : Xml.path(root, "ResourceRecordSets").map(s -> Xml.children(s, "ResourceRecordSet"))
                .orElse(List.of())) {
            if (Zones.normalize(unescape(Xml.text(set, "Name"))).equals(fqdn) && "TXT".equals(Xml.text(set, "Type"))
                    && Xml.text(set, "SetIdentifier").isEmpty()) {
                List<String> values = new ArrayList<>();
                Xml.path(set, "ResourceRecords").ifPresent(rrs -> Xml.children(rrs, "ResourceRecord")
                        .forEach(rr -> values.add(Xml.text(rr, "Value"))));
                return Optional.of(new TxtSet(Long.parseLong(Xml.text(set, "TTL")), values));
            }
        }
        return Optional.empty();
    }

    /**
     * Sends one change of the TXT record set at {@code fqdn}.
     *
     * @param action {@code UPSERT} or {@code DELETE}
     * @param values the values exactly as Route 53 is to hold them (quoted); for a DELETE the set's current values
     * @return the change's id (without {@code /change/}), to ask {@link #changeStatus} about
     * @throws DnsProviderException on failure; {@link #isInvalidChangeBatch} tells a change the service refused
     *                              because the set is not as the batch assumed
     */
    String change(String zoneId, String action, String fqdn, long ttl, List<String> values) {
        StringBuilder records = new StringBuilder();
        for (String v : values) {
            records.append("<ResourceRecord><Value>").append(Xml.escape(v)).append("</Value></ResourceRecord>");
        }
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ChangeResourceRecordSetsRequest xmlns=\"" + NAMESPACE + "\"><ChangeBatch>"
                + "<Comment>certpilot dns-01</Comment><Changes><Change><Action>" + action + "</Action>"
                + "<ResourceRecordSet><Name>" + Xml.escape(fqdn + ".") + "</Name><Type>TXT</Type><TTL>" + ttl
                + "</TTL><ResourceRecords>" + records + "</ResourceRecords></ResourceRecordSet></Change></Changes>"
                + "</ChangeBatch></ChangeResourceRecordSetsRequest>";
        ApiRequest change = ApiRequest.raw("POST", ApiRequest.path("2013-04-01", "hostedzone", zoneId, "rrset") + "/",
                "application/xml", body.getBytes(StandardCharsets.UTF_8));
        return changeId(xml(change));
    }

    /** The status of a change: {@code PENDING} or {@code INSYNC}. */
    String changeStatus(String changeId) {
        return Xml.text(xml(ApiRequest.get(ApiRequest.path("2013-04-01", "change", changeId))), "ChangeInfo",
                "Status");
    }

    /** Whether Route 53 refused a change batch (HTTP 400 {@code InvalidChangeBatch}). */
    static boolean isInvalidChangeBatch(DnsProviderException e) {
        return e.httpStatus().orElse(0) == 400 && e.getMessage().contains("InvalidChangeBatch");
    }

    private Element xml(ApiRequest request) {
        ApiResponse response = api.send(request);
        try {
            return Xml.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new DnsProviderException(Route53DnsProvider.NAME, request.method() + " " + request.path()
                    + " answered with something that is not XML", null);
        }
    }

    private static HostedZone hostedZone(Element e) {
        String id = Xml.text(e, "Id");
        return new HostedZone(id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id,
                Zones.normalize(unescape(Xml.text(e, "Name"))),
                Boolean.parseBoolean(Xml.text(e, "Config", "PrivateZone")));
    }

    private static String changeId(Element root) {
        String id = Xml.text(root, "ChangeInfo", "Id");
        return id.startsWith("/change/") ? id.substring("/change/".length()) : id;
    }

    private static String errorCode(ApiResponse response) {
        try {
            return Xml.text(Xml.parse(response.body()), "Error", "Code");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Route 53 writes some characters of names as octal escapes ({@code \052} for {@code *}). */
    static String unescape(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 3 < name.length() && name.substring(i + 1, i + 4).chars().allMatch(
                    d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
