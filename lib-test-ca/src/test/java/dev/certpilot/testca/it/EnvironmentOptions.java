package dev.certpilot.testca.it;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link AcmeClientSuite} wants an environment started.
 *
 * @param externalAccountBinding when present, the CA must require EAB on newAccount and accept this key
 */
public record EnvironmentOptions(Optional<ExternalAccountKey> externalAccountBinding) {

    /** The plain environment most tests run against. */
    public static final EnvironmentOptions DEFAULT = new EnvironmentOptions(Optional.empty());

    /** Checks for null. */
    public EnvironmentOptions {
        Objects.requireNonNull(externalAccountBinding, "externalAccountBinding");
    }

    /** An environment that requires External Account Binding with {@code key}. */
    public static EnvironmentOptions requiringEab(ExternalAccountKey key) {
        return new EnvironmentOptions(Optional.of(key));
    }
}
