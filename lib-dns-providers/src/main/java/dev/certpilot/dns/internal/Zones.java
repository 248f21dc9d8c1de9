package dev.certpilot.dns.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Name arithmetic for zones: longest-suffix matching and the candidate zones of a name. */
public final class Zones {

    private Zones() {
    }

    /**
     * The longest of {@code zones} that {@code fqdn} is at or below, comparing labels (so {@code badexample.com} is
     * not below {@code example.com}). Zone names may carry a trailing dot and any case.
     */
    public static Optional<String> longestMatch(String fqdn, Collection<String> zones) {
        String name = normalize(fqdn);
        String best = null;
        for (String zone : zones) {
            String z = normalize(zone);
            if (isAtOrBelow(name, z) && (best == null || z.length() > best.length())) {
                best = z;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The names a zone holding {@code fqdn} could have, longest first, without the top-level label:
     * {@code _acme-challenge.www.example.com} gives {@code [_acme-challenge.www.example.com, www.example.com,
     * example.com]}.
     */
    public static List<String> candidates(String fqdn) {
        String name = normalize(fqdn);
        List<String> out = new ArrayList<>();
        int dot;
        while ((dot = name.indexOf('.')) > 0) {
            out.add(name);
            name = name.substring(dot + 1);
        }
        return out;
    }

    /** Whether {@code name} equals {@code zone} or lies below it, label-wise (both normalized). */
    public static boolean isAtOrBelow(String name, String zone) {
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /**
     * The name of {@code fqdn} relative to {@code zone} (both normalized, {@code fqdn} at or below {@code zone}), e.g.
     * {@code _acme-challenge.www} in {@code example.com}; {@code apex} when they are equal (services write the apex as
     * {@code "@"} or {@code ""}).
     */
    public static String relativeName(String fqdn, String zone, String apex) {
        return fqdn.equals(zone) ? apex : fqdn.substring(0, fqdn.length() - zone.length() - 1);
    }

    /** Lower case, without a trailing dot. */
    public static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
