package dev.certpilot.testca.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ACME identifier.
 *
 * @param type  {@code dns} or {@code ip}
 * @param value the name (lower case, may start with {@code *.}) or the canonical IP literal
 */
public record Identifier(String type, String value) {
    /** Validates the components. */
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this is a wildcard DNS name. */
    public boolean wildcard() {
        return "dns".equals(type) && value.startsWith("*.");
    }

    /** The identifier an authorization is for: the wildcard's base name. */
    public Identifier base() {
        return wildcard() ? new Identifier(type, value.substring(2)) : this;
    }

    /** The JSON form. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("value", value);
        return m;
    }
}
