package dev.certpilot.spi;

import dev.certpilot.KeyProtection;
import java.time.Clock;

/**
 * What the manager hands an {@link Issuer} when it opens a session.
 *
 * @param store         where accounts are kept (keys only ever encrypted)
 * @param keyProtection encrypts account keys before they reach the store
 * @param clock         the manager's clock
 */
public record IssuerContext(CertificateStore store, KeyProtection keyProtection, Clock clock) {

    /** Validates the components. */
    public IssuerContext {
        java.util.Objects.requireNonNull(store, "store");
        java.util.Objects.requireNonNull(keyProtection, "keyProtection");
        java.util.Objects.requireNonNull(clock, "clock");
    }
}
