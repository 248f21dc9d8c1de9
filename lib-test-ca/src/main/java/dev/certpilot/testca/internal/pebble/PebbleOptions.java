package dev.certpilot.testca.internal.pebble;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link PebbleStartup} needs to start Pebble and pebble-challtestsrv, as collected by
 * {@code PebbleLauncher.Builder}. Internal: not part of certpilot's API.
 *
 * @param pebbleBinary        the {@code pebble} executable
 * @param challtestsrvBinary  the {@code pebble-challtestsrv} executable
 * @param nonceRejectPercent  share of good nonces Pebble rejects ({@code PEBBLE_WFE_NONCEREJECT})
 * @param authzReusePercent   share of authorizations Pebble reuses ({@code PEBBLE_AUTHZREUSE})
 * @param alternateRoots      number of alternate chains ({@code PEBBLE_ALTERNATE_ROOTS})
 * @param validationSleep     whether Pebble's VA sleeps randomly before validating (false sets
 *                            {@code PEBBLE_VA_NOSLEEP=1})
 * @param eabRequired         whether newAccount must carry an External Account Binding
 * @param eabKeys             EAB key ids to their HMAC keys, base64url without padding (Pebble's format)
 * @param certificateValidity validity of issued certificates, empty for Pebble's default
 * @param startupTimeout      how long both programs may take to answer
 * @param workDirectory       where config, TLS files and logs go and are kept; empty for a temporary directory
 *                            that is deleted on close
 */
public record PebbleOptions(Path pebbleBinary, Path challtestsrvBinary, int nonceRejectPercent, int authzReusePercent,
                            int alternateRoots, boolean validationSleep, boolean eabRequired,
                            Map<String, String> eabKeys, Optional<Duration> certificateValidity,
                            Duration startupTimeout, Optional<Path> workDirectory) {

    /** Validates ranges and copies the key map. */
    public PebbleOptions {
        Objects.requireNonNull(pebbleBinary, "pebbleBinary");
        Objects.requireNonNull(challtestsrvBinary, "challtestsrvBinary");
        requirePercent("nonceRejectPercent", nonceRejectPercent);
        requirePercent("authzReusePercent", authzReusePercent);
        if (alternateRoots < 0) {
            throw new IllegalArgumentException("alternateRoots must not be negative: " + alternateRoots);
        }
        eabKeys = Map.copyOf(eabKeys);
        if (eabRequired && eabKeys.isEmpty()) {
            throw new IllegalArgumentException("External Account Binding is required but no key is configured");
        }
        Objects.requireNonNull(certificateValidity, "certificateValidity");
        certificateValidity.ifPresent(validity -> {
            if (validity.toSeconds() < 1) {
                throw new IllegalArgumentException("certificateValidity must be at least one second: " + validity);
            }
        });
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
        }
        Objects.requireNonNull(workDirectory, "workDirectory");
    }

    private static void requirePercent(String what, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(what + " must be within 0..100: " + value);
        }
    }

    /** Keeps HMAC keys out of logs and exception messages. */
    @Override
    public String toString() {
        return "PebbleOptions[pebble=" + pebbleBinary + ", challtestsrv=" + challtestsrvBinary
                + ", nonceReject=" + nonceRejectPercent + "%, authzReuse=" + authzReusePercent
                + "%, alternateRoots=" + alternateRoots + ", validationSleep=" + validationSleep
                + ", eabRequired=" + eabRequired + ", eabKeyIds=" + eabKeys.keySet() + "]";
    }
}
