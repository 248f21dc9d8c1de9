package dev.certpilot.testca.it;

import dev.certpilot.testca.PebbleLauncher;

/** Starts real Pebble for tests, applying the {@link ExternalTools} rule when it is not installed. */
public final class PebbleEnvironments {

    private PebbleEnvironments() {
    }

    /** Skips (or, under {@code CERTPILOT_REQUIRE_EXTERNAL=1}, fails) the calling test when Pebble is missing. */
    public static void requirePebble() {
        ExternalTools.require("Pebble 2.4 (" + PebbleLauncher.DEFAULT_PEBBLE + ", " + PebbleLauncher.DEFAULT_CHALLTESTSRV
                + ")", PebbleLauncher.isAvailable(), "apt-get install -y pebble");
    }

    /** A started Pebble configured as {@code options} ask, with Pebble's default habits otherwise. */
    public static PebbleLauncher.Running start(EnvironmentOptions options) {
        requirePebble();
        PebbleLauncher.Builder builder = PebbleLauncher.builder();
        options.externalAccountBinding().ifPresent(key -> builder.externalAccountBinding(key.keyId(), key.hmacKey()));
        return builder.start();
    }
}
