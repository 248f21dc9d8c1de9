package dev.certpilot.internal;

import dev.certpilot.CertpilotException;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalizes and checks DNS names: Unicode to A-labels (IDNA), lower case, one trailing dot stripped, RFC 1035
 * lengths. Certificate names use {@link #certificateName(String)} (letters, digits and hyphens, an optional leading
 * {@code *.}); record names use {@link #recordName(String)} (underscores allowed, as in {@code _acme-challenge}).
 */
public final class DomainNames {

    /** RFC 1035: a name is at most 253 characters without the trailing dot. */
    public static final int MAX_NAME_LENGTH = 253;
    /** RFC 1035: a label is 1 to 63 octets. */
    public static final int MAX_LABEL_LENGTH = 63;

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final Pattern RECORD_LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private DomainNames() {
    }

    /**
     * Normalizes a name for a certificate: A-labels, lower case, no trailing dot; {@code *.} only as the whole
     * leftmost label and not directly above a top-level domain; no IP addresses; at least two labels.
     *
     * @throws CertpilotException {@link dev.certpilot.ErrorCode#INVALID_REQUEST} naming the value and what is wrong with it
     */
    public static String certificateName(String raw) {
        if (raw == null) {
            throw invalid("null", "a name is required");
        }
        String name = raw.strip();
        if (name.isEmpty()) {
            throw invalid(raw, "the name is empty");
        }
        if (name.indexOf(':') >= 0 || name.startsWith("[")) {
            throw invalid(raw, "IP addresses cannot be validated with dns-01");
        }
        boolean wildcard = name.startsWith("*.");
        String rest = wildcard ? name.substring(2) : name;
        if (rest.indexOf('*') >= 0) {
            throw invalid(raw, "a wildcard is allowed only as the whole leftmost label ('*.example.com')");
        }
        String ascii = toAscii(raw, rest);
        if (IPV4.matcher(ascii).matches()) {
            throw invalid(raw, "IP addresses cannot be validated with dns-01");
        }
        String[] labels = checkLabels(raw, ascii, HOST_LABEL, "letters, digits and inner hyphens");
        if (wildcard && labels.length < 2) {
            throw invalid(raw, "a wildcard directly above a top-level domain is not allowed");
        }
        if (labels.length < 2) {
            throw invalid(raw, "the name must have at least two labels (a fully qualified domain name)");
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw invalid(raw, "the top-level label must not be numeric");
        }
        String result = wildcard ? "*." + ascii : ascii;
        if (result.length() > MAX_NAME_LENGTH) {
            throw invalid(raw, "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return result;
    }

    /**
     * Normalizes a DNS record or zone name: A-labels, lower case, no trailing dot; underscores allowed.
     *
     * @throws CertpilotException {@link dev.certpilot.ErrorCode#INVALID_REQUEST} naming the value
     */
    public static String recordName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid(String.valueOf(raw), "a DNS name is required");
        }
        String ascii = toAscii(raw, raw.strip());
        checkLabels(raw, ascii, RECORD_LABEL, "letters, digits, hyphens and underscores");
        return ascii;
    }

    /** Whether {@code name} equals {@code zone} or lies below it (both normalized). */
    public static boolean isAtOrBelow(String name, String zone) {
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** The name without a leading {@code *.}. */
    public static String stripWildcard(String name) {
        return name.startsWith("*.") ? name.substring(2) : name;
    }

    /** The ACME dns-01 record name for a certificate name: {@code _acme-challenge.<name without *.>}. */
    public static String challengeName(String certificateName) {
        return "_acme-challenge." + stripWildcard(certificateName);
    }

    private static String toAscii(String raw, String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty()) {
            throw invalid(raw, "the name is empty");
        }
        if (trimmed.length() > 4 * MAX_NAME_LENGTH) {
            throw invalid(abbreviate(raw), "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        for (String label : trimmed.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw invalid(raw, "the name has an empty label");
            }
            if (out.length() > 0) {
                out.append('.');
            }
            if (label.chars().allMatch(c -> c < 0x80)) {
                out.append(label.toLowerCase(Locale.ROOT));
                continue;
            }
            try {
                out.append(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(abbreviate(raw), "label '" + abbreviate(label)
                        + "' is not a valid internationalized label (" + e.getMessage() + ")");
            }
        }
        String ascii = out.toString();
        if (ascii.length() > MAX_NAME_LENGTH) {
            throw invalid(abbreviate(raw), "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return ascii;
    }

    private static String[] checkLabels(String raw, String ascii, Pattern label, String allowed) {
        String[] labels = ascii.split("\\.", -1);
        for (String l : labels) {
            if (l.isEmpty()) {
                throw invalid(raw, "the name has an empty label");
            }
            if (l.length() > MAX_LABEL_LENGTH) {
                throw invalid(abbreviate(raw), "label '" + abbreviate(l) + "' is longer than " + MAX_LABEL_LENGTH
                        + " characters");
            }
            if (!label.matcher(l).matches()) {
                throw invalid(raw, "label '" + l + "' may contain only " + allowed);
            }
        }
        return labels;
    }

    private static String abbreviate(String s) {
        return Checks.abbreviate(s);
    }

    private static CertpilotException invalid(String value, String why) {
        return Checks.invalid("invalid name '" + abbreviate(value) + "': " + why);
    }
}
