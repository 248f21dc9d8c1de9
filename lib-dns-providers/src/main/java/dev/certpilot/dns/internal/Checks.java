package dev.certpilot.dns.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks the builders share. */
public final class Checks {

    private Checks() {
    }

    /**
     * The duration, when it is positive.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
