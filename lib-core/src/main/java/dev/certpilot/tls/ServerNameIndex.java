package dev.certpilot.tls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what the key manager serves: hash maps from exact names and from wildcard parents to the
 * certificates covering them (a {@link ServedCertificate} when one does, as most names have one, else an array,
 * newest installed first: one dereference less on the hot path), and from aliases to certificates. A lookup is at most three
 * hash-map reads, whatever the number of certificates; changes build a new snapshot (copy on write), so handshakes
 * never wait for a renewal being installed.
 *
 * <p>Besides each certificate's current version, the version it replaced stays reachable by alias until the next
 * replacement: a handshake that chose the old alias just before a swap still gets a matching chain and key.
 */
final class ServerNameIndex {

    /** The index with nothing in it. */
    static final ServerNameIndex EMPTY = new ServerNameIndex(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    private static final ServedCertificate[] NONE = new ServedCertificate[0];

    private final Map<String, Object> exact;
    private final Map<String, Object> wildcardParents;
    private final Map<String, ServedCertificate> aliases;
    private final Map<String, ServedCertificate> current;
    private final Map<String, ServedCertificate> previous;

    private ServerNameIndex(Map<String, Object> exact, Map<String, Object> wildcardParents,
                            Map<String, ServedCertificate> aliases, Map<String, ServedCertificate> current,
                            Map<String, ServedCertificate> previous) {
        this.exact = exact;
        this.wildcardParents = wildcardParents;
        this.aliases = aliases;
        this.current = current;
        this.previous = previous;
    }

    /**
     * The certificate for a server name and key type: an exact name first, then a wildcard covering the name's
     * leftmost label ({@code *.example.com} covers {@code www.example.com}, not {@code example.com} nor
     * {@code a.b.example.com}); {@code null} when none suits.
     */
    ServedCertificate find(String serverName, String keyType) {
        // fast path for names sent as they should be (lower case, no trailing dot): no copy, no full scan
        ServedCertificate found = pick(exact.get(serverName), keyType);
        if (found != null) {
            return found;
        }
        int dot = serverName.indexOf('.');
        if (dot > 0 && noUpperCase(serverName, dot)) {
            found = pick(wildcardParents.get(serverName.substring(dot + 1)), keyType);
            if (found != null) {
                return found;
            }
        }
        String host = ServedCertificate.normalize(serverName);
        if (host.equals(serverName)) {
            return null;
        }
        found = pick(exact.get(host), keyType);
        dot = host.indexOf('.');
        return found != null || dot <= 0 ? found : pick(wildcardParents.get(host.substring(dot + 1)), keyType);
    }

    /** Whether the first {@code length} characters hold no ASCII upper-case letter (SNI names are ASCII). */
    private static boolean noUpperCase(String name, int length) {
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }

    /** The certificate version with this alias (current or just replaced), or {@code null}. */
    ServedCertificate byAlias(String alias) {
        return alias == null ? null : aliases.get(alias);
    }

    /** The current version of this certificate, or {@code null}. */
    ServedCertificate current(String certificateId) {
        return current.get(certificateId);
    }

    /** The current version of every certificate. */
    Collection<ServedCertificate> all() {
        return current.values();
    }

    /** A snapshot with these certificates added, or replacing the versions of the same certificates. */
    ServerNameIndex with(Collection<ServedCertificate> added) {
        Builder b = new Builder(this);
        added.forEach(b::put);
        return b.build();
    }

    /** A snapshot without this certificate (all its versions). */
    ServerNameIndex without(String certificateId) {
        if (!current.containsKey(certificateId)) {
            return this;
        }
        Builder b = new Builder(this);
        b.remove(certificateId);
        return b.build();
    }

    private static ServedCertificate pick(Object candidates, String keyType) {
        if (candidates instanceof ServedCertificate one) {
            return one.suits(keyType) ? one : null;
        }
        if (candidates != null) {
            for (ServedCertificate c : (ServedCertificate[]) candidates) {
                if (c.suits(keyType)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The certificates a map value holds. */
    private static ServedCertificate[] list(Object value) {
        if (value == null) {
            return NONE;
        }
        return value instanceof ServedCertificate one ? new ServedCertificate[] {one} : (ServedCertificate[]) value;
    }

    /** The map value for these certificates ({@code null} for none). */
    private static Object value(List<ServedCertificate> certificates) {
        return switch (certificates.size()) {
            case 0 -> null;
            case 1 -> certificates.get(0);
            default -> certificates.toArray(NONE);
        };
    }

    /** Mutable copies of a snapshot's maps. */
    private static final class Builder {

        private final Map<String, Object> exact;
        private final Map<String, Object> wildcardParents;
        private final Map<String, ServedCertificate> aliases;
        private final Map<String, ServedCertificate> current;
        private final Map<String, ServedCertificate> previous;

        Builder(ServerNameIndex from) {
            exact = new HashMap<>(from.exact);
            wildcardParents = new HashMap<>(from.wildcardParents);
            aliases = new HashMap<>(from.aliases);
            current = new HashMap<>(from.current);
            previous = new HashMap<>(from.previous);
        }

        void put(ServedCertificate c) {
            ServedCertificate old = current.put(c.certificateId(), c);
            if (old != null) {
                unlinkNames(old);
                if (!old.alias().equals(c.alias())) {
                    ServedCertificate retired = previous.put(c.certificateId(), old);
                    if (retired != null) {
                        aliases.remove(retired.alias());
                    }
                }
            }
            aliases.put(c.alias(), c);
            for (String name : c.names()) {
                Map<String, Object> map = name.startsWith("*.") ? wildcardParents : exact;
                String key = name.startsWith("*.") ? name.substring(2) : name;
                List<ServedCertificate> updated = new ArrayList<>();
                updated.add(c);
                updated.addAll(List.of(list(map.get(key))));
                map.put(key, value(updated));
            }
        }

        void remove(String certificateId) {
            ServedCertificate old = current.remove(certificateId);
            unlinkNames(old);
            aliases.remove(old.alias());
            ServedCertificate retired = previous.remove(certificateId);
            if (retired != null) {
                aliases.remove(retired.alias());
            }
        }

        private void unlinkNames(ServedCertificate c) {
            for (String name : c.names()) {
                Map<String, Object> map = name.startsWith("*.") ? wildcardParents : exact;
                String key = name.startsWith("*.") ? name.substring(2) : name;
                List<ServedCertificate> kept = new ArrayList<>();
                for (ServedCertificate other : list(map.get(key))) {
                    if (!other.certificateId().equals(c.certificateId())) {
                        kept.add(other);
                    }
                }
                Object value = value(kept);
                if (value == null) {
                    map.remove(key);
                } else {
                    map.put(key, value);
                }
            }
        }

        ServerNameIndex build() {
            return new ServerNameIndex(exact, wildcardParents, aliases, current, previous);
        }
    }
}
