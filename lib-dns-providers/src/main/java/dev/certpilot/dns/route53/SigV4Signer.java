package dev.certpilot.dns.route53;

import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.Digests;
import dev.certpilot.dns.internal.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html),
 * written with the JDK's SHA-256 and HMAC so that no AWS SDK is needed. Signs {@code host} and {@code x-amz-date}
 * (and {@code x-amz-security-token} with temporary credentials) plus any extra headers given; the payload hash is
 * SHA-256 of the body. Checked against AWS's published Signature Version 4 test suite.
 *
 * <p>The canonical URI is the path with each segment decoded and encoded once again with AWS's URI encoding (only
 * {@code A-Z a-z 0-9 - _ . ~} left as they are); Route 53's paths consist of such characters only, so the "encode
 * twice" rule of non-S3 services makes no difference there. Query parameters are decoded, encoded the same way and
 * sorted by name, then value.
 */
final class SigV4Signer implements Authenticator {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String accessKeyId;
    private final Secret secretAccessKey;
    private final Secret sessionToken;
    private final String region;
    private final String service;
    private final Clock clock;

    /**
     * @param accessKeyId     the access key id
     * @param secretAccessKey the secret access key
     * @param sessionToken    the session token of temporary credentials, or {@code null}
     * @param region          the signing region, e.g. {@code us-east-1}
     * @param service         the signing name of the service, e.g. {@code route53}
     * @param clock           the time requests are signed at
     */
    SigV4Signer(String accessKeyId, Secret secretAccessKey, Secret sessionToken, String region, String service,
            Clock clock) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.sessionToken = sessionToken;
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The headers that sign this attempt now: {@code X-Amz-Date}, {@code Authorization}, maybe the token. */
    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        return sign(method, uri, Map.of(), body, clock.instant()).headers();
    }

    /**
     * Signs a request.
     *
     * @param method  the HTTP method
     * @param uri     the full URI as sent (path and query percent-encoded)
     * @param headers extra headers to sign besides host, date and token (they must be sent as given)
     * @param body    the body, empty when there is none
     * @param at      the signing time
     */
    Signed sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String date = amzDate.substring(0, 8);
        Map<String, String> toSend = new LinkedHashMap<>();
        toSend.put("X-Amz-Date", amzDate);
        if (sessionToken != null) {
            toSend.put("X-Amz-Security-Token", sessionToken.reveal());
        }
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", host(uri));
        headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v));
        toSend.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v));
        String signedHeaders = String.join(";", signed.keySet());
        String canonical = canonicalRequest(method, uri, signed, Digests.sha256Hex(body));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + Digests.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        String signature = Digests.hex(Digests.hmacSha256(
                signingKey(secretAccessKey.reveal(), date, region, service), stringToSign));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
        toSend.put("Authorization", authorization);
        return new Signed(canonical, stringToSign, signature, Map.copyOf(toSend));
    }

    /** The signing key: HMAC chain of date, region, service and {@code aws4_request} over {@code "AWS4" + secret}. */
    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = Digests.hmacSha256(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = Digests.hmacSha256(key, region);
        key = Digests.hmacSha256(key, service);
        return Digests.hmacSha256(key, "aws4_request");
    }

    /**
     * The canonical request: method, canonical URI, canonical query, canonical headers, signed headers, payload hash.
     *
     * @param headers the headers to sign, names lower case, sorted
     */
    static String canonicalRequest(String method, URI uri, TreeMap<String, String> headers, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.strip().replaceAll("\\s+", " "))
                .append('\n'));
        return method + "\n" + canonicalUri(uri.getRawPath()) + "\n" + canonicalQuery(uri.getRawQuery()) + "\n"
                + canonicalHeaders + "\n" + String.join(";", headers.keySet()) + "\n" + payloadHash;
    }

    /** The host header as the HTTP client sends it: the port only when the URI names one. */
    static String host(URI uri) {
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringJoiner out = new StringJoiner("/");
        for (String segment : rawPath.split("/", -1)) {
            out.add(uriEncode(decode(segment)));
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {uriEncode(decode(k)), uriEncode(decode(v))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringJoiner out = new StringJoiner("&");
        pairs.forEach(p -> out.add(p[0] + "=" + p[1]));
        return out.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** AWS's URI encoding: every byte but {@code A-Z a-z 0-9 - _ . ~} as {@code %XY}, upper-case hex. */
    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** What signing produced, for tests and for the headers to send. */
    record Signed(String canonicalRequest, String stringToSign, String signature, Map<String, String> headers) {
    }

    /** The access key id and region; never the secret. */
    @Override
    public String toString() {
        return "SigV4Signer[" + accessKeyId + ", " + region + "/" + service + "]";
    }
}
