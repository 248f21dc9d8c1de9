package dev.certpilot.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A named, time-limited claim one manager instance holds, e.g. on a maintenance task that only one instance of a
 * cluster should run at a time. A lease whose {@link #expiresAt()} has passed may be taken by anyone.
 *
 * @param name      what is claimed
 * @param owner     the instance holding it
 * @param expiresAt when the claim lapses unless extended
 */
public record Lease(String name, String owner, Instant expiresAt) {

    /** Validates the components. */
    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
