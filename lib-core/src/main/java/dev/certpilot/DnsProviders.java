package dev.certpilot;

import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderFactory;
import dev.certpilot.spi.ProviderOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds DNS providers by name. Providers come from {@code certpilot-dns-providers} (or any jar that registers a
 * {@link DnsProviderFactory} with {@link ServiceLoader}).
 *
 * <pre>{@code
 * DnsChallengeProvider cloudflare = DnsProviders.byName("cloudflare", Map.of("apiToken", token));
 * }</pre>
 */
public final class DnsProviders {

    private DnsProviders() {
    }

    /**
     * Creates the provider registered under {@code name} from string properties.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} when no provider has that name, a required
     *                            property is missing or a property is unknown; the message lists the names only,
     *                            never values
     */
    public static DnsChallengeProvider byName(String name, Map<String, String> properties) {
        DnsProviderFactory factory = factory(name).orElseThrow(() -> new CertpilotException(ErrorCode.INVALID_REQUEST,
                "no DNS provider named '" + name + "'; available: " + String.join(", ", names())));
        Map<String, String> props = new TreeMap<>(properties);
        Set<String> known = factory.options().stream().map(ProviderOption::name).collect(Collectors.toSet());
        List<String> unknown = props.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "DNS provider '" + factory.name()
                    + "' does not know the properties " + unknown + "; it knows " + new TreeSet<>(known));
        }
        List<String> missing = new ArrayList<>();
        for (ProviderOption option : factory.options()) {
            String value = props.get(option.name());
            if (option.required() && (value == null || value.isBlank())) {
                missing.add(option.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "DNS provider '" + factory.name() + "' needs the properties " + missing);
        }
        return factory.create(Map.copyOf(props));
    }

    /** The factory registered under {@code name}, if any (names are compared case-insensitively). */
    public static Optional<DnsProviderFactory> factory(String name) {
        for (DnsProviderFactory f : ServiceLoader.load(DnsProviderFactory.class, DnsProviders.class.getClassLoader())) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The names of every registered provider, sorted. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(DnsProviderFactory.class, DnsProviders.class.getClassLoader())
                .forEach(f -> names.add(f.name()));
        names.sort(null);
        return names;
    }
}
