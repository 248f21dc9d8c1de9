package dev.certpilot.testca.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** Small helpers over jose4j's JSON support. */
public final class Json {
    private Json() {
    }

    /** Parses a JSON object. @throws IllegalArgumentException when the text is not a JSON object */
    public static Map<String, Object> parseObject(String text) {
        try {
            Map<String, Object> map = JsonUtil.parseJson(text);
            if (map == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return map;
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Serialises a map (values: maps, lists, strings, numbers, booleans, null). */
    public static String write(Map<String, ?> map) {
        return JsonUtil.toJson(map);
    }

    /** A string member, or null when absent. @throws IllegalArgumentException when present but not a string */
    public static String string(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s;
    }

    /** A member looked up ignoring case, as Go's encoding/json does (for challtestsrv compatibility). */
    public static Object getIgnoreCase(Map<String, Object> map, String key) {
        Object exact = map.get(key);
        if (exact != null) {
            return exact;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A list of strings member, empty when absent. @throws IllegalArgumentException when of another shape */
    public static List<String> strings(Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("'" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("'" + key + "' must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A boolean member, false when absent. @throws IllegalArgumentException when not a boolean */
    public static boolean bool(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("'" + key + "' must be a boolean");
        }
        return b;
    }
}
