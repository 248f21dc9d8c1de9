package dev.certpilot.dns.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.ProviderOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The string properties a {@link dev.certpilot.spi.DnsProviderFactory} received, with typed getters whose errors name
 * the property and show its value only when it is not a secret.
 */
public final class ProviderProperties {

    private final String provider;
    private final Map<String, ProviderOption> options;
    private final Map<String, String> values;

    /**
     * Wraps the properties of one provider.
     *
     * @param provider the provider's name
     * @param options  the options it declares (to know which are secret)
     * @param values   the properties given
     */
    public ProviderProperties(String provider, List<ProviderOption> options, Map<String, String> values) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.options = options.stream().collect(java.util.stream.Collectors.toMap(ProviderOption::name, o -> o));
        this.values = Map.copyOf(values);
    }

    /** The value, stripped; empty when absent or blank. */
    public Optional<String> optional(String name) {
        known(name);
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /**
     * The value, stripped.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} when absent or blank
     */
    public String required(String name) {
        return optional(name).orElseThrow(() -> invalid(name, "is required"));
    }

    /**
     * A whole number of seconds, e.g. {@code httpTimeout=30}.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} when not a positive whole number
     */
    public Optional<Duration> seconds(String name) {
        return optional(name).map(v -> {
            try {
                long s = Long.parseLong(v);
                if (s > 0 && s <= 86_400) {
                    return Duration.ofSeconds(s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, "must be a whole number of seconds from 1 to 86400");
        });
    }

    /**
     * {@code true} or {@code false} (any case).
     *
     * @throws CertpilotException {@code INVALID_REQUEST} for any other value
     */
    public Optional<Boolean> bool(String name) {
        return optional(name).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
            }
            throw invalid(name, "must be true or false");
        });
    }

    /** A file system path. */
    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    /** A comma-separated list, items stripped, empty items dropped. */
    public List<String> list(String name) {
        return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    /**
     * An {@code INVALID_REQUEST} error about one property, e.g. "cloudflare: property 'httpTimeout' must be ...
     * (was 'abc')"; the value is left out when the option is a secret.
     */
    public CertpilotException invalid(String name, String why) {
        ProviderOption option = options.get(name);
        String v = values.get(name);
        String shown = option == null || option.secret() || v == null ? "" : " (was '" + Redactor.truncate(v, 80) + "')";
        return new CertpilotException(ErrorCode.INVALID_REQUEST,
                "DNS provider '" + provider + "': property '" + name + "' " + why + shown);
    }

    /**
     * Runs a builder step and reports its {@code INVALID_REQUEST} or {@link IllegalArgumentException} as an error of
     * property {@code name}, so a bad URL or value in a builder names the property it came from.
     */
    public void apply(String name, Runnable step) {
        try {
            step.run();
        } catch (CertpilotException | IllegalArgumentException e) {
            throw invalid(name, "is invalid: " + e.getMessage());
        }
    }

    private void known(String name) {
        if (!options.containsKey(name)) {
            throw new IllegalStateException(provider + " reads property '" + name + "' but does not declare it");
        }
    }
}
