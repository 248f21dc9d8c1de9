package dev.certpilot.testca.internal.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever triggering a name lookup. */
public final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private IpLiterals() {
    }

    /** Whether {@code text} is an IPv4 or IPv6 literal. */
    public static boolean isLiteral(String text) {
        return parseAny(text) != null;
    }

    /** The address of an IPv4 or IPv6 literal, or null when {@code text} is none. */
    public static InetAddress parseAny(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (IPV4.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
            if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /**
     * Parses a literal of the given family.
     *
     * @throws IllegalArgumentException when {@code text} is not such a literal
     */
    public static InetAddress parse(String text, boolean ipv6) {
        InetAddress a = parseAny(text);
        if (a == null || (a.getAddress().length == 16) != ipv6) {
            throw new IllegalArgumentException("not an " + (ipv6 ? "IPv6" : "IPv4") + " address: " + text);
        }
        return a;
    }
}
