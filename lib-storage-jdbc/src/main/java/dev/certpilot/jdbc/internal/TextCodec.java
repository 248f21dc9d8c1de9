package dev.certpilot.jdbc.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small text format the store keeps lists and maps in (no JSON library: one column, any Unicode, readable in
 * a SQL console).
 *
 * <ul>
 *   <li>A list is each element followed by {@code ;}: {@code ["a", "b"]} is {@code a;b;}, {@code []} is the empty
 *       string and {@code [""]} is {@code ;}.</li>
 *   <li>A map is each entry as {@code key=value;}, sorted by key: {@code {env=prod, team=web}} is
 *       {@code env=prod;team=web;}.</li>
 *   <li>Inside elements, keys and values, {@code %}, {@code ;}, {@code =} and NUL are written {@code %XX} (two
 *       hex digits of the character), and an unpaired UTF-16 surrogate is written {@code %uXXXX}, so any Java
 *       string survives every database (PostgreSQL refuses NUL in text, and UTF-8 cannot carry lone
 *       surrogates).</li>
 *   <li>{@link #escapeText} applies the same escaping to free-text columns (failure messages, comments).</li>
 * </ul>
 *
 * Decoding malformed input throws {@link IllegalArgumentException}; callers name the row and column.
 */
public final class TextCodec {

    private static final String LIST_SPECIALS = ";";
    private static final String MAP_SPECIALS = ";=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TextCodec() {
    }

    /** Encodes a list. */
    public static String encodeList(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            escape(v, LIST_SPECIALS, out);
            out.append(';');
        }
        return out.toString();
    }

    /** Decodes what {@link #encodeList} wrote. */
    public static List<String> decodeList(String encoded) {
        List<String> out = new ArrayList<>();
        for (String part : parts(encoded)) {
            out.add(unescape(part));
        }
        return Collections.unmodifiableList(out);
    }

    /** Encodes a map, entries sorted by key. */
    public static String encodeMap(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            escape(e.getKey(), MAP_SPECIALS, out);
            out.append('=');
            escape(e.getValue(), MAP_SPECIALS, out);
            out.append(';');
        }
        return out.toString();
    }

    /** Decodes what {@link #encodeMap} wrote. */
    public static Map<String, String> decodeMap(String encoded) {
        Map<String, String> out = new TreeMap<>();
        for (String part : parts(encoded)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("map entry without '=' in encoded map");
            }
            String key = unescape(part.substring(0, eq));
            if (out.put(key, unescape(part.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("duplicate key in encoded map");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Escapes free text: only {@code %}, NUL and unpaired surrogates change. */
    public static String escapeText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        escape(text, "", out);
        return out.toString();
    }

    /** Reverses {@link #escapeText}. */
    public static String unescapeText(String escaped) {
        return unescape(escaped);
    }

    /** Whether a string holds neither NUL nor an unpaired surrogate, so every database stores it as it is. */
    public static boolean storableVerbatim(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isPairAt(s, i)) {
                i++;
            } else if (c == '\0' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static List<String> parts(String encoded) {
        if (encoded.isEmpty()) {
            return List.of();
        }
        if (encoded.charAt(encoded.length() - 1) != ';') {
            throw new IllegalArgumentException("encoded value does not end with ';'");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < encoded.length(); i++) {
            if (encoded.charAt(i) == ';') {
                parts.add(encoded.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static void escape(String s, String specials, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '\0' || specials.indexOf(c) >= 0) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else if (isPairAt(s, i)) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("%u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            } else {
                out.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            boolean wide = i + 1 < s.length() && s.charAt(i + 1) == 'u';
            int start = wide ? i + 2 : i + 1;
            int end = start + (wide ? 4 : 2);
            if (end > s.length()) {
                throw new IllegalArgumentException("truncated escape in encoded value");
            }
            out.append((char) hex(s, start, end));
            i = end - 1;
        }
        return out.toString();
    }

    private static int hex(String s, int start, int end) {
        int v = 0;
        for (int i = start; i < end; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("bad hex digit in escape of encoded value");
            }
            v = v * 16 + d;
        }
        return v;
    }
}
