package dev.certpilot.testca.internal.dns;

import java.util.Locale;

/** Normalises DNS names to the form the record store keys on: lower case, absolute (trailing dot). */
public final class DnsNames {
    private DnsNames() {
    }

    /**
     * Normalises a name given with or without trailing dot, in any case.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public static String normalize(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("DNS name must not be blank");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /** Whether {@code name} equals {@code zone} or lies below it (both normalised). */
    public static boolean isAtOrBelow(String name, String zone) {
        return name.equals(zone) || zone.equals(".") || name.endsWith("." + zone);
    }
}
