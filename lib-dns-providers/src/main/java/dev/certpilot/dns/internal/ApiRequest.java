package dev.certpilot.dns.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One HTTP request to a provider's API, relative to its base URL. Immutable; the {@code with...} methods return
 * copies.
 *
 * <pre>{@code
 * ApiRequest.get(ApiRequest.path("zones", zoneId, "dns_records")).query("type", "TXT").query("name", fqdn)
 * }</pre>
 *
 * @param method  the HTTP method, upper case
 * @param path    the path below the base URL, starting with {@code /}, already encoded (see {@link #path})
 * @param query   query parameters in order, not yet encoded
 * @param headers extra headers (authentication is added by the {@link Authenticator})
 * @param body    the body to send as JSON, a {@link RawBody} sent as it is (XML, a form), or {@code null}
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        Object body) {

    /** Validates and copies the components. */
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A GET request. */
    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, Map.of(), Map.of(), null);
    }

    /** A DELETE request. */
    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, Map.of(), Map.of(), null);
    }

    /** A POST request with a JSON body. */
    public static ApiRequest post(String path, Object body) {
        return new ApiRequest("POST", path, Map.of(), Map.of(), body);
    }

    /** A PUT request with a JSON body, or none when {@code body} is {@code null}. */
    public static ApiRequest put(String path, Object body) {
        return new ApiRequest("PUT", path, Map.of(), Map.of(), body);
    }

    /** A PATCH request with a JSON body. */
    public static ApiRequest patch(String path, Object body) {
        return new ApiRequest("PATCH", path, Map.of(), Map.of(), body);
    }

    /**
     * A request whose body is sent exactly as given with its own content type, for the services that do not speak
     * JSON (an XML API, an OAuth token endpoint's form).
     */
    public static ApiRequest raw(String method, String path, String contentType, byte[] body) {
        return new ApiRequest(method, path, Map.of(), Map.of(), new RawBody(contentType, body));
    }

    /** A POST of an {@code application/x-www-form-urlencoded} form, fields in the given order. */
    public static ApiRequest form(String path, Map<String, String> fields) {
        return raw("POST", path, "application/x-www-form-urlencoded",
                formEncode(fields).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code a=1&b=2}, names and values percent-encoded as a form wants them. */
    public static String formEncode(Map<String, String> fields) {
        StringJoiner joiner = new StringJoiner("&");
        fields.forEach((k, v) -> joiner.add(encode(k) + "=" + encode(v)));
        return joiner.toString();
    }

    /**
     * A path made of segments, each percent-encoded, e.g. {@code path("zones", id, "dns_records")} gives
     * {@code /zones/<id>/dns_records}.
     */
    public static String path(String... segments) {
        StringJoiner joiner = new StringJoiner("/", "/", "");
        for (String s : segments) {
            joiner.add(encode(s).replace("+", "%20"));
        }
        return joiner.toString();
    }

    /** This request with one more query parameter. */
    public ApiRequest query(String name, Object value) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put(name, String.valueOf(value));
        return new ApiRequest(method, path, q, headers, body);
    }

    /** This request with one more header. */
    public ApiRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiRequest(method, path, query, h, body);
    }

    /** The path with its encoded query string, e.g. {@code /zones?name=example.com}. */
    public String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        StringJoiner joiner = new StringJoiner("&", path + "?", "");
        query.forEach((k, v) -> joiner.add(encode(k) + "=" + encode(v)));
        return joiner.toString();
    }

    /**
     * A body that is not JSON: sent as these bytes with this {@code Content-Type}.
     *
     * @param contentType the media type, e.g. {@code application/xml}
     * @param bytes       the body
     */
    public record RawBody(String contentType, byte[] bytes) {

        /** Validates and copies the components. */
        public RawBody {
            Objects.requireNonNull(contentType, "contentType");
            bytes = bytes.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The content type and size; the body may hold credentials (a token request's form). */
        @Override
        public String toString() {
            return "RawBody[" + contentType + ", " + bytes.length + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawBody r && r.contentType.equals(contentType) && java.util.Arrays.equals(r.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return contentType.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
