package dev.certpilot.spi;

import java.util.Objects;

/**
 * One configuration property a {@link DnsProviderFactory} understands.
 *
 * @param name        the property name, as lego names it where lego has the provider (e.g. {@code apiToken})
 * @param required    whether the provider cannot be created without it
 * @param secret      whether the value is a credential: never logged, never in messages or {@code toString()}
 * @param description one line for humans
 */
public record ProviderOption(String name, boolean required, boolean secret, String description) {

    /** Validates the components. */
    public ProviderOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (name.isBlank()) {
            throw new IllegalArgumentException("option name must not be blank");
        }
    }

    /** A required, non-secret option. */
    public static ProviderOption required(String name, String description) {
        return new ProviderOption(name, true, false, description);
    }

    /** A required credential. */
    public static ProviderOption secret(String name, String description) {
        return new ProviderOption(name, true, true, description);
    }

    /** An optional, non-secret option. */
    public static ProviderOption optional(String name, String description) {
        return new ProviderOption(name, false, false, description);
    }
}
