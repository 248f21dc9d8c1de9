package dev.certpilot.dns.internal;

/**
 * TXT values as services spell them: many APIs (Cloudflare, PowerDNS, Route 53) want the presentation format, the
 * value in double quotes; some return it either way.
 */
public final class TxtValues {

    private TxtValues() {
    }

    /** {@code "value"}, with {@code "} and {@code \} escaped (challenge values never contain them). */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The value without surrounding double quotes and escapes, as given when it is not quoted. */
    public static String unquote(String content) {
        if (content == null) {
            return null;
        }
        String c = content.strip();
        if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
            return c.substring(1, c.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return c;
    }

    /** Whether the service's {@code content} (quoted or not) holds {@code value}. */
    public static boolean matches(String content, String value) {
        return value.equals(unquote(content));
    }
}
