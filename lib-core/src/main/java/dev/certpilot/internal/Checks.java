package dev.certpilot.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.util.regex.Pattern;

/** Small argument checks that raise {@link ErrorCode#INVALID_REQUEST} with a message naming the field. */
public final class Checks {

    /** Names of issuers, profiles, targets: letters and digits, then also {@code . _ -}, up to 64 characters. */
    public static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Checks() {
    }

    /** Checks a name against {@link #SIMPLE_NAME}. */
    public static String simpleName(String field, String value) {
        if (value == null || !SIMPLE_NAME.matcher(value).matches()) {
            throw invalid(field + " '" + abbreviate(value) + "' must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return value;
    }

    /** Checks free text: 1 to {@code max} characters, no control characters. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " must not be blank");
        }
        if (value.length() > max) {
            throw invalid(field + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field + " '" + abbreviate(value) + "' contains control characters");
        }
        return value;
    }

    /** An {@link ErrorCode#INVALID_REQUEST} exception. */
    public static CertpilotException invalid(String message) {
        return new CertpilotException(ErrorCode.INVALID_REQUEST, message);
    }

    /** The value shortened to 60 characters for messages, control characters made visible. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String v = s.length() <= 60 ? s : s.substring(0, 57) + "...";
        StringBuilder sb = new StringBuilder(v.length());
        v.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
