package dev.certpilot.dns.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.internal.Xml;
import dev.certpilot.dns.testing.FakeApi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Amazon Route 53 API 2013-04-01 as its API reference documents it
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_Operations_Amazon_Route_53.html):
 * <ul>
 *   <li>requests signed with Signature Version 4 (service {@code route53}, region {@code us-east-1}): an unknown key
 *       id is 403 {@code InvalidClientTokenId}, a wrong signature 403 {@code SignatureDoesNotMatch}
 *       (https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html);</li>
 *   <li>ListHostedZonesByName (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByName.html):
 *       zones in order of their reversed labels, starting at {@code dnsname}; names with a trailing dot, ids
 *       {@code /hostedzone/<id>}, {@code Config/PrivateZone};</li>
 *   <li>ListHostedZones with {@code marker}/{@code maxitems} pages;</li>
 *   <li>ListResourceRecordSets (.../API_ListResourceRecordSets.html): record sets in order of reversed name then type,
 *       starting at {@code name}/{@code type}, at most {@code maxitems}, with {@code IsTruncated} and
 *       {@code NextRecordName};</li>
 *   <li>ChangeResourceRecordSets (.../API_ChangeResourceRecordSets.html): {@code POST .../rrset/}, transactional
 *       {@code CREATE}/{@code UPSERT}/{@code DELETE}; a DELETE must name the set's exact TTL and values, a TXT value
 *       must be in quotes, a record set cannot be empty; refusals are 400 {@code InvalidChangeBatch} with
 *       {@code <Messages>}; the change starts {@code PENDING};</li>
 *   <li>GetChange (.../API_GetChange.html): {@code PENDING} for the first {@link #pendingPolls} polls, then
 *       {@code INSYNC}.</li>
 * </ul>
 */
final class Route53Fake extends FakeApi {

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String ZONE_ID = "Z1D633PJN98FT9";

    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/route53/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");
    private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Hosted zones: id to name with trailing dot. */
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Set<String> privateZones = new LinkedHashSet<>();
    /** Record sets of each zone: "name.|TYPE" to the set. */
    private final Map<String, Map<String, RecordSet>> sets = new LinkedHashMap<>();
    private final Map<String, Integer> changePolls = new LinkedHashMap<>();
    private int nextChange = 1;
    int pendingPolls = 1;

    /** A record set: TTL and values as sent. */
    record RecordSet(String name, String type, long ttl, List<String> values) {
    }

    Route53Fake(String... zoneNames) {
        int i = 0;
        for (String z : zoneNames) {
            addZone(i == 0 ? ZONE_ID : "Z" + (1000 + i), z, false);
            i++;
        }
    }

    synchronized void addZone(String id, String name, boolean privateZone) {
        zones.put(id, name + ".");
        sets.put(id, new LinkedHashMap<>());
        if (privateZone) {
            privateZones.add(id);
        }
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        ResponseDefinition refused = checkSignature(request);
        if (refused != null) {
            return refused;
        }
        String path = path(request);
        Map<String, String> q = query(request);
        String method = request.getMethod().getName();
        if ("GET".equals(method) && path.equals("/2013-04-01/hostedzonesbyname")) {
            return hostedZonesByName(q.get("dnsname"));
        }
        if ("GET".equals(method) && path.equals("/2013-04-01/hostedzone")) {
            return hostedZones(q.get("marker"), Integer.parseInt(q.getOrDefault("maxitems", "100")));
        }
        Matcher change = CHANGE.matcher(path);
        if ("GET".equals(method) && change.matches()) {
            return getChange(change.group(1));
        }
        Matcher rrset = RRSET.matcher(path);
        if (rrset.matches()) {
            String zoneId = rrset.group(1);
            if (!zones.containsKey(zoneId)) {
                return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId);
            }
            if ("GET".equals(method) && !path.endsWith("/")) {
                return listRecordSets(zoneId, q.get("name"), q.get("type"),
                        Integer.parseInt(q.getOrDefault("maxitems", "300")));
            }
            if ("POST".equals(method) && path.endsWith("/")) {
                return changeRecordSets(zoneId, request.getBody());
            }
        }
        return error(404, "UnknownOperationException", "no operation at " + method + " " + path);
    }

    private ResponseDefinition checkSignature(Request request) {
        String authorization = request.getHeader("Authorization");
        Matcher m = authorization == null ? null : AUTH.matcher(authorization);
        if (m == null || !m.matches()) {
            return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!KEY_ID.equals(m.group(1))) {
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        String amzDate = request.getHeader("X-Amz-Date");
        Instant at = Instant.from(AMZ_DATE.parse(amzDate));
        Map<String, String> extra = new TreeMap<>();
        for (String h : m.group(4).split(";")) {
            if (!h.equals("host") && !h.equals("x-amz-date") && !h.equals("x-amz-security-token")) {
                extra.put(h, request.getHeader(h));
            }
        }
        String token = request.getHeader("X-Amz-Security-Token");
        SigV4Signer signer = new SigV4Signer(KEY_ID, Secret.of(SECRET, "secret"),
                token == null ? null : Secret.of(token, "token"), m.group(3), "route53", Clock.systemUTC());
        URI uri = URI.create("http://" + request.getHeader("Host") + request.getUrl());
        String expected = signer.sign(request.getMethod().getName(), uri, extra, request.getBody(), at).signature();
        if (!expected.equals(m.group(5))) {
            return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return null;
    }

    private ResponseDefinition hostedZonesByName(String dnsName) {
        List<String> ids = new ArrayList<>(zones.keySet());
        ids.sort(Comparator.comparing(id -> reversed(zones.get(id))));
        StringBuilder out = new StringBuilder("<HostedZones>");
        for (String id : ids) {
            if (dnsName == null || reversed(zones.get(id)).compareTo(reversed(dnsName)) >= 0) {
                out.append(hostedZone(id));
            }
        }
        out.append("</HostedZones>");
        if (dnsName != null) {
            out.append("<DNSName>").append(dnsName).append("</DNSName>");
        }
        return xml(200, "ListHostedZonesByNameResponse",
                out + "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>");
    }

    private ResponseDefinition hostedZones(String marker, int maxItems) {
        List<String> ids = new ArrayList<>(zones.keySet());
        int from = marker == null ? 0 : Math.max(0, ids.indexOf(marker));
        List<String> page = ids.subList(from, Math.min(ids.size(), from + maxItems));
        StringBuilder out = new StringBuilder("<HostedZones>");
        page.forEach(id -> out.append(hostedZone(id)));
        out.append("</HostedZones>");
        boolean truncated = from + maxItems < ids.size();
        out.append("<IsTruncated>").append(truncated).append("</IsTruncated><MaxItems>").append(maxItems)
                .append("</MaxItems>");
        if (marker != null) {
            out.append("<Marker>").append(marker).append("</Marker>");
        }
        if (truncated) {
            out.append("<NextMarker>").append(ids.get(from + maxItems)).append("</NextMarker>");
        }
        return xml(200, "ListHostedZonesResponse", out.toString());
    }

    private String hostedZone(String id) {
        return "<HostedZone><Id>/hostedzone/" + id + "</Id><Name>" + zones.get(id) + "</Name>"
                + "<CallerReference>certpilot-fake-" + id + "</CallerReference><Config><Comment>fake</Comment>"
                + "<PrivateZone>" + privateZones.contains(id) + "</PrivateZone></Config>"
                + "<ResourceRecordSetCount>" + (2 + sets.get(id).size()) + "</ResourceRecordSetCount></HostedZone>";
    }

    private ResponseDefinition listRecordSets(String zoneId, String name, String type, int maxItems) {
        List<RecordSet> all = new ArrayList<>(sets.get(zoneId).values());
        all.sort(Comparator.comparing((RecordSet s) -> reversed(s.name())).thenComparing(RecordSet::type));
        List<RecordSet> from = new ArrayList<>();
        for (RecordSet s : all) {
            int byName = name == null ? 0 : reversed(s.name()).compareTo(reversed(absolute(name)));
            if (byName > 0 || byName == 0 && (type == null || s.type().compareTo(type) >= 0)) {
                from.add(s);
            }
        }
        List<RecordSet> page = from.subList(0, Math.min(maxItems, from.size()));
        StringBuilder out = new StringBuilder("<ResourceRecordSets>");
        for (RecordSet s : page) {
            out.append("<ResourceRecordSet><Name>").append(s.name()).append("</Name><Type>").append(s.type())
                    .append("</Type><TTL>").append(s.ttl()).append("</TTL><ResourceRecords>");
            s.values().forEach(v -> out.append("<ResourceRecord><Value>").append(Xml.escape(v))
                    .append("</Value></ResourceRecord>"));
            out.append("</ResourceRecords></ResourceRecordSet>");
        }
        out.append("</ResourceRecordSets>");
        boolean truncated = from.size() > page.size();
        out.append("<IsTruncated>").append(truncated).append("</IsTruncated><MaxItems>").append(maxItems)
                .append("</MaxItems>");
        if (truncated) {
            RecordSet next = from.get(page.size());
            out.append("<NextRecordName>").append(next.name()).append("</NextRecordName><NextRecordType>")
                    .append(next.type()).append("</NextRecordType>");
        }
        return xml(200, "ListResourceRecordSetsResponse", out.toString());
    }

    private ResponseDefinition changeRecordSets(String zoneId, byte[] body) {
        Element root;
        try {
            root = Xml.parse(body);
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidInput", "Invalid XML ; " + e.getMessage());
        }
        if (!"ChangeResourceRecordSetsRequest".equals(root.getLocalName())
                || !Route53Api.NAMESPACE.equals(root.getNamespaceURI())) {
            return error(400, "InvalidInput", "Invalid XML ; expected ChangeResourceRecordSetsRequest");
        }
        Map<String, RecordSet> zone = new LinkedHashMap<>(sets.get(zoneId));
        List<String> problems = new ArrayList<>();
        for (Element change : Xml.descendants(root, "Change")) {
            String action = Xml.text(change, "Action");
            Element set = Xml.child(change, "ResourceRecordSet").orElseThrow();
            String name = absolute(Xml.text(set, "Name")).toLowerCase(Locale.ROOT);
            String type = Xml.text(set, "Type");
            long ttl = Long.parseLong(Xml.text(set, "TTL"));
            List<String> values = new ArrayList<>();
            Xml.descendants(set, "Value").forEach(v -> values.add(v.getTextContent()));
            if (values.isEmpty()) {
                return error(400, "InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of "
                        + "[TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with "
                        + "[Action=" + action + ", Name=" + name + ", Type=" + type + ", SetIdentifier=null]");
            }
            for (String v : values) {
                if ("TXT".equals(type) && !(v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2)) {
                    problems.add("Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be "
                            + "enclosed in quotation marks) encountered with '" + v + "''");
                }
            }
            String key = name + "|" + type;
            RecordSet current = zone.get(key);
            switch (action) {
                case "CREATE" -> {
                    if (current != null) {
                        problems.add("Tried to create resource record set [name='" + name + "', type='" + type
                                + "'] but it already exists");
                    }
                    zone.put(key, new RecordSet(name, type, ttl, values));
                }
                case "UPSERT" -> zone.put(key, new RecordSet(name, type, ttl, values));
                case "DELETE" -> {
                    if (current == null) {
                        problems.add("Tried to delete resource record set [name='" + name + "', type='" + type
                                + "'] but it was not found");
                    } else if (current.ttl() != ttl || !Set.copyOf(current.values()).equals(Set.copyOf(values))) {
                        problems.add("Tried to delete resource record set [name='" + name + "', type='" + type
                                + "'] but the values provided do not match the current values");
                    } else {
                        zone.remove(key);
                    }
                }
                default -> {
                    return error(400, "InvalidInput", "Invalid action " + action);
                }
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder messages = new StringBuilder("<Messages>");
            problems.forEach(p -> messages.append("<Message>").append(Xml.escape(p)).append("</Message>"));
            messages.append("</Messages>");
            return xml(400, "InvalidChangeBatch", messages + "<RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb"
                    + "</RequestId>");
        }
        sets.put(zoneId, zone);
        String id = "C" + String.format("%012d", nextChange++);
        changePolls.put(id, 0);
        return xml(200, "ChangeResourceRecordSetsResponse", changeInfo(id, "PENDING"));
    }

    private ResponseDefinition getChange(String id) {
        Integer polls = changePolls.get(id);
        if (polls == null) {
            return error(404, "NoSuchChange", "A change with the specified change ID does not exist.");
        }
        changePolls.put(id, polls + 1);
        return xml(200, "GetChangeResponse", changeInfo(id, polls < pendingPolls ? "PENDING" : "INSYNC"));
    }

    private static String changeInfo(String id, String status) {
        return "<ChangeInfo><Id>/change/" + id + "</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2026-03-01T10:00:00.000Z</SubmittedAt><Comment>certpilot dns-01</Comment></ChangeInfo>";
    }

    private static ResponseDefinition xml(int status, String root, String inner) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "f5d4ab9e-0a37-4e0f-9c3f-5a1e0a0c2d11")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + Route53Api.NAMESPACE
                        + "\">" + inner + "</" + root + ">")
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return xml(status, "ErrorResponse", "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + Xml.escape(message) + "</Message></Error><RequestId>3b6ba1ca-0b2e-4a31-b4f4-3f63b7aa30a3</RequestId>");
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    private static String reversed(String name) {
        List<String> labels = new ArrayList<>(List.of(absolute(name).toLowerCase(Locale.ROOT).split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels);
    }

    /** Puts a record set in place, as if made elsewhere. */
    synchronized void putSet(String fqdn, long ttl, String... values) {
        String name = absolute(fqdn);
        sets.get(ZONE_ID).put(name + "|TXT", new RecordSet(name, "TXT", ttl, List.of(values)));
    }

    /** The TXT record set at {@code fqdn} in the first zone. */
    synchronized RecordSet set(String fqdn) {
        return sets.get(ZONE_ID).get(absolute(fqdn) + "|TXT");
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, RecordSet> zone : sets.values()) {
            RecordSet s = zone.get(absolute(fqdn) + "|TXT");
            if (s != null) {
                s.values().forEach(v -> out.add(TxtValues.unquote(v)));
            }
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
