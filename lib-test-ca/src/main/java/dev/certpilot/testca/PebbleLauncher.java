package dev.certpilot.testca;

import dev.certpilot.testca.internal.pebble.PebbleOptions;
import dev.certpilot.testca.internal.pebble.PebbleStartup;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a real Pebble and pebble-challtestsrv (Debian package {@code pebble}, version 2.4) on free loopback ports
 * and hands back the same {@link AcmeTestEnvironment} handle as the bundled {@code TestCa}, so one integration
 * suite runs against both.
 *
 * <pre>{@code
 * try (PebbleLauncher.Running pebble = PebbleLauncher.builder().start()) {
 *     URI directory = pebble.directoryUrl();          // https://127.0.0.1:<port>/dir
 *     pebble.dns().addTxt("_acme-challenge.example.test", digest);
 *     ...
 * }
 * }</pre>
 *
 * <p>What {@link Builder#start()} does: generates a TLS root and a listener certificate for {@code localhost} and
 * {@code 127.0.0.1} with BouncyCastle, writes Pebble's JSON configuration with ports the operating system reports
 * free, starts {@code pebble-challtestsrv -dns01 127.0.0.1:<p> -http01 "" -https01 "" -tlsalpn01 "" -management
 * 127.0.0.1:<p>} and then {@code pebble -config <file> -dnsserver 127.0.0.1:<p>} with {@code PEBBLE_VA_NOSLEEP=1},
 * and waits (bounded) until the DNS server, both management APIs and the ACME directory answer. Both programs'
 * output goes to log files in the work directory. {@link Running#close()} stops both; so does a JVM shutdown hook
 * if the caller forgets. Inherited {@code PEBBLE_*} environment variables are ignored: only the builder decides.
 *
 * <p>Pebble 2.4 has none of the {@link Capability capabilities}: no ARI, no profiles, no rate limits, no
 * {@code Retry-After}, no faults, no event log. It rejects 5 % of good nonces and reuses 50 % of authorizations
 * unless told otherwise, and answers a CSR naming an identifier outside the order with {@code unauthorized}.
 * Under concurrent load it can deadlock: its authorization handler holds the authorization's write lock while it
 * waits for its store's read lock, while a new order holds the store's read lock waiting for that authorization
 * and a finishing order waits to write the store. Requests then hang until the client times out; sequential
 * clients never meet it. Its store is scanned linearly, so it slows down as certificates accumulate.
 */
public final class PebbleLauncher {

    /** Where Debian's {@code pebble} package installs the CA. */
    public static final Path DEFAULT_PEBBLE = Path.of("/usr/bin/pebble");
    /** Where Debian's {@code pebble} package installs the challenge test server. */
    public static final Path DEFAULT_CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");

    private PebbleLauncher() {
    }

    /** A builder with Pebble's own defaults, except that validation does not sleep. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether both default binaries ({@link #DEFAULT_PEBBLE}, {@link #DEFAULT_CHALLTESTSRV}) are installed. */
    public static boolean isAvailable() {
        return isAvailable(DEFAULT_PEBBLE, DEFAULT_CHALLTESTSRV);
    }

    /** Whether both given binaries exist and are executable. */
    public static boolean isAvailable(Path pebble, Path challtestsrv) {
        return Files.isExecutable(pebble) && Files.isExecutable(challtestsrv);
    }

    /**
     * A running Pebble + pebble-challtestsrv. Beyond {@link AcmeTestEnvironment} it tells where the management
     * APIs listen, for clients that drive DNS themselves (lego's exec hook, shell scripts).
     */
    public interface Running extends AcmeTestEnvironment {

        /** Base URL of pebble-challtestsrv's management API ({@code /set-txt}, {@code /clear-txt} ...), plain HTTP. */
        URI dnsManagementUrl();

        /** Base URL of Pebble's management API ({@code /roots/0}, {@code /cert-status-by-serial/}), HTTPS. */
        URI managementUrl();

        /** The directory holding the configuration, the listener certificate and both programs' logs. */
        Path workDirectory();
    }

    /** Configures and starts a Pebble; reusable, each {@link #start()} starts a new pair of programs. */
    public static final class Builder {

        private Path pebbleBinary = DEFAULT_PEBBLE;
        private Path challtestsrvBinary = DEFAULT_CHALLTESTSRV;
        private int nonceRejectPercent = 5;
        private int authzReusePercent = 50;
        private int alternateRoots;
        private boolean validationSleep;
        private boolean eabRequired;
        private final Map<String, String> eabKeys = new LinkedHashMap<>();
        private Duration certificateValidity;
        private Duration startupTimeout = Duration.ofSeconds(20);
        private Path workDirectory;

        private Builder() {
        }

        /** The {@code pebble} executable; default {@link PebbleLauncher#DEFAULT_PEBBLE}. */
        public Builder pebbleBinary(Path binary) {
            this.pebbleBinary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** The {@code pebble-challtestsrv} executable; default {@link PebbleLauncher#DEFAULT_CHALLTESTSRV}. */
        public Builder challtestsrvBinary(Path binary) {
            this.challtestsrvBinary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** Share of good nonces rejected with {@code badNonce} ({@code PEBBLE_WFE_NONCEREJECT}); default 5. */
        public Builder nonceRejectPercent(int percent) {
            this.nonceRejectPercent = percent;
            return this;
        }

        /**
         * Share of authorizations reused for the same account and name ({@code PEBBLE_AUTHZREUSE}); default 50.
         * Pebble 2.4 compares with {@code rand.Intn(100) > percent}, so even 0 reuses a valid authorization 1 time
         * in 100.
         */
        public Builder authzReusePercent(int percent) {
            this.authzReusePercent = percent;
            return this;
        }

        /** Number of alternate certificate chains ({@code PEBBLE_ALTERNATE_ROOTS}); default 0. */
        public Builder alternateRoots(int count) {
            this.alternateRoots = count;
            return this;
        }

        /** Whether Pebble's VA sleeps a random 0-15 s before each validation, as Pebble does by default; default off. */
        public Builder validationSleep(boolean sleep) {
            this.validationSleep = sleep;
            return this;
        }

        /**
         * Adds an External Account Binding key (RFC 8555 section 7.3.4) and requires EAB on every newAccount.
         *
         * @param keyId   the key identifier clients send ({@code kid})
         * @param hmacKey the HMAC key; Pebble receives it base64url encoded. Never logged.
         */
        public Builder externalAccountBinding(String keyId, byte[] hmacKey) {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(hmacKey, "hmacKey");
            if (keyId.isBlank() || hmacKey.length == 0) {
                throw new IllegalArgumentException("an EAB key needs a non-blank id and a non-empty HMAC key");
            }
            eabKeys.put(keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(hmacKey));
            eabRequired = true;
            return this;
        }

        /** Validity of issued certificates ({@code certificateValidityPeriod}); default Pebble's (5 years). */
        public Builder certificateValidity(Duration validity) {
            this.certificateValidity = Objects.requireNonNull(validity, "validity");
            return this;
        }

        /** How long both programs may take to answer after being started; default 20 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Where configuration, listener certificate and logs go; they are kept after close. By default a temporary
         * directory is used and deleted on close.
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Starts pebble-challtestsrv and Pebble and waits until both answer.
         *
         * @throws IllegalStateException when a binary is missing, a program exits while starting, or they do not
         *                               answer within the startup timeout; the message holds the end of its log
         */
        public Running start() {
            if (!isAvailable(pebbleBinary, challtestsrvBinary)) {
                throw new IllegalStateException("Pebble is not installed (" + pebbleBinary + ", " + challtestsrvBinary
                        + "); on Debian: apt-get install -y pebble");
            }
            return PebbleStartup.start(new PebbleOptions(pebbleBinary, challtestsrvBinary, nonceRejectPercent,
                    authzReusePercent, alternateRoots, validationSleep, eabRequired, eabKeys,
                    Optional.ofNullable(certificateValidity), startupTimeout, Optional.ofNullable(workDirectory)));
        }
    }
}
