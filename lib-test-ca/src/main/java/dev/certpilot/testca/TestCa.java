package dev.certpilot.testca;

import dev.certpilot.testca.internal.Args;
import dev.certpilot.testca.internal.CaServer;
import dev.certpilot.testca.internal.CaSettings;
import dev.certpilot.testca.internal.EventLog;
import dev.certpilot.testca.internal.FaultScript;
import dev.certpilot.testca.internal.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An ACME CA (RFC 8555, with RFC 9773 renewal information and ACME profiles) running in this JVM on loopback,
 * modelled on Let's Encrypt's Pebble, together with the {@link TestDnsServer} it validates {@code dns-01} against.
 *
 * <pre>{@code
 * try (TestCa ca = TestCa.builder().start()) {
 *     URI directory = ca.directoryUrl();          // https://127.0.0.1:<port>/dir
 *     SSLContext tls = ca.sslContext();           // trusts the CA's TLS root
 *     ca.dns().addTxt("_acme-challenge.example.test", digest);
 * }
 * }</pre>
 *
 * <p>Defaults are made for tests: free ports, no rejected nonces, no authorization reuse, no validation delay
 * (the answer to a challenge trigger already shows the outcome), no rate limits, two chains per certificate,
 * profiles {@code classic} (90 days, the default), {@code tlsserver} (45 days) and {@code shortlived} (160 hours).
 * {@link Builder#pebbleLike()} turns Pebble's habits on. Every CA time (validity, expiry, rate-limit windows, ARI
 * windows) comes from {@link Builder#clock(Clock)}. Thread-safe.
 */
public final class TestCa implements AcmeTestEnvironment {
    private final CaServer server;
    private final TestDnsServer dns;
    private final InetSocketAddress resolver;
    private final EventLog events;
    private final FaultScript faults;
    private final String host;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private TestCa(CaServer server, TestDnsServer dns, InetSocketAddress resolver, EventLog events,
                   FaultScript faults) {
        this.server = server;
        this.dns = dns;
        this.resolver = resolver;
        this.events = events;
        this.faults = faults;
        String h = server.acmeAddress().getAddress().getHostAddress();
        this.host = h.contains(":") ? "[" + h + "]" : h;
    }

    /** A builder with the test defaults described on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a CA with the defaults. */
    public static TestCa start() {
        return builder().start();
    }

    /** {@code "bundled"}. */
    @Override
    public String name() {
        return "bundled";
    }

    /** The directory URL, {@code https://<ip>:<port>/dir}. */
    @Override
    public URI directoryUrl() {
        return URI.create("https://" + host + ":" + server.acmeAddress().getPort() + "/dir");
    }

    /** The base URL of Pebble's management API (HTTPS, same TLS root), empty when turned off. */
    public Optional<URI> managementUrl() {
        return server.managementAddress().map(a -> URI.create("https://" + host + ":" + a.getPort()));
    }

    @Override
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("certpilot-test-ca-tls-root", server.pki().tlsRoot());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String tlsRootPem() {
        return Pem.of(server.pki().tlsRoot());
    }

    /** A client SSL context trusting only this CA's TLS root; hand it to an HTTP client (see the module README). */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The DNS server this CA started and validates against.
     *
     * @throws IllegalStateException when the CA was built with {@link Builder#dnsResolver(InetSocketAddress)}
     */
    @Override
    public TestDnsServer dns() {
        if (dns == null) {
            throw new IllegalStateException("this TestCa validates against the external resolver " + resolver
                    + " and runs no DNS server of its own: change records there");
        }
        return dns;
    }

    /** The DNS server this CA started, empty with an external resolver. */
    public Optional<TestDnsServer> dnsServer() {
        return Optional.ofNullable(dns);
    }

    @Override
    public InetSocketAddress dnsAddress() {
        return resolver;
    }

    /** Always true: the bundled CA has every {@link Capability}. */
    @Override
    public boolean supports(Capability capability) {
        return EnumSet.allOf(Capability.class).contains(capability);
    }

    @Override
    public List<X509Certificate> issuingRoots() {
        return server.pki().roots();
    }

    /** The intermediates, one per root, in the order of {@link #issuingRoots()}. */
    public List<X509Certificate> intermediates() {
        return server.pki().intermediates();
    }

    @Override
    public Optional<CertificateStatus> certificateStatus(BigInteger serial) {
        return server.certificateStatus(serial);
    }

    /**
     * Sets the ARI suggested window served for a certificate.
     *
     * @throws IllegalArgumentException when the CA issued no certificate with that serial
     */
    public void setRenewalInfo(BigInteger serial, RenewalWindow window) {
        Objects.requireNonNull(window, "window");
        if (!server.setRenewalWindow(serial, window)) {
            throw new IllegalArgumentException("no certificate with serial " + serial.toString(16));
        }
    }

    /** Scripted faults. */
    public Faults faults() {
        return faults;
    }

    /** The event log. */
    public CaEvents events() {
        return events;
    }

    /** Stops the CA and the DNS server it started. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        if (dns != null) {
            dns.close();
        }
    }

    @Override
    public String toString() {
        return "TestCa[" + directoryUrl() + ", dns=" + resolver + "]";
    }

    /** Configures a {@link TestCa}. Not thread-safe. */
    public static final class Builder {
        private InetAddress host = InetAddress.getLoopbackAddress();
        private int port;
        private int managementPort;
        private Clock clock = Clock.systemUTC();
        private Long seed;
        private int nonceRejectPercent;
        private int authzReusePercent;
        private Duration delayMin = Duration.ZERO;
        private Duration delayMax = Duration.ZERO;
        private int attempts = 1;
        private Duration retryInterval = Duration.ofSeconds(1);
        private final Map<String, String> eabKeys = new LinkedHashMap<>();
        private boolean eabRequired;
        private final Map<String, Duration> profiles = new LinkedHashMap<>();
        private String defaultProfile = "classic";
        private RateLimits rateLimits = RateLimits.none();
        private InetSocketAddress resolver;
        private TestDnsServer.Builder dnsBuilder;
        private int httpPort = 5002;
        private Duration orderLifetime = Duration.ofDays(1);
        private Duration authzLifetime = Duration.ofDays(1);
        private Duration validAuthzLifetime = Duration.ofDays(30);
        private int chains = 2;
        private Duration retryAfter = Duration.ofSeconds(1);
        private int maxBodyBytes = 64 * 1024;
        private Duration issuanceDelay = Duration.ZERO;

        private Builder() {
            profiles.put("classic", Duration.ofDays(90));
            profiles.put("tlsserver", Duration.ofDays(45));
            profiles.put("shortlived", Duration.ofHours(160));
        }

        /** Pebble's habits: 5 % rejected nonces, 50 % authorization reuse, a random 0-5 s validation delay. */
        public Builder pebbleLike() {
            return nonceRejectPercent(5).authzReusePercent(50).validationDelay(Duration.ZERO, Duration.ofSeconds(5));
        }

        /** Listen address of the ACME, management and DNS listeners (default 127.0.0.1; loopback only in tests). */
        public Builder host(String ip) {
            this.host = Args.ip(ip);
            return this;
        }

        /** ACME HTTPS port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = Args.port(port);
            return this;
        }

        /** Management API HTTPS port; 0 (default) picks a free one. */
        public Builder managementPort(int port) {
            this.managementPort = Args.port(port);
            return this;
        }

        /** Runs no management API. */
        public Builder noManagement() {
            this.managementPort = -1;
            return this;
        }

        /** The CA's clock (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Seed of every random choice (ids, tokens, serials, nonce rejection, reuse, delays); default random. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Share of good nonces rejected with badNonce, in percent (default 0; Pebble 5). */
        public Builder nonceRejectPercent(int percent) {
            this.nonceRejectPercent = checkPercent(percent);
            return this;
        }

        /** Share of new authorizations replaced by an existing valid one of the account, in percent (default 0; Pebble 50). */
        public Builder authzReusePercent(int percent) {
            this.authzReusePercent = checkPercent(percent);
            return this;
        }

        /** A fixed real-time delay before each validation attempt (default none). */
        public Builder validationDelay(Duration delay) {
            return validationDelay(delay, delay);
        }

        /** A random real-time delay between {@code min} and {@code max} before each validation attempt. */
        public Builder validationDelay(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("validation delay needs 0 <= min <= max");
            }
            this.delayMin = min;
            this.delayMax = max;
            return this;
        }

        /** How many attempts a validation makes, {@code interval} apart, before failing (default 1). */
        public Builder validationAttempts(int attempts, Duration interval) {
            if (attempts < 1 || interval.isNegative()) {
                throw new IllegalArgumentException("attempts must be >= 1 and interval not negative");
            }
            this.attempts = attempts;
            this.retryInterval = interval;
            return this;
        }

        /** Adds an External Account Binding MAC key (base64url), usable by newAccount. Never logged. */
        public Builder eab(String kid, String hmacKeyBase64url) {
            Objects.requireNonNull(kid, "kid");
            try {
                if (Base64.getUrlDecoder().decode(hmacKeyBase64url).length == 0) {
                    throw new IllegalArgumentException("EAB MAC key must not be empty");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("EAB MAC key must be base64url", e);
            }
            eabKeys.put(kid, hmacKeyBase64url);
            return this;
        }

        /** Whether newAccount requires EAB ({@code meta.externalAccountRequired}); default false. */
        public Builder eabRequired(boolean required) {
            this.eabRequired = required;
            return this;
        }

        /** Adds or changes a profile and the validity of its certificates. */
        public Builder profile(String name, Duration validity) {
            if (name == null || name.isBlank() || validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("profile needs a name and a positive validity");
            }
            profiles.put(name, validity);
            return this;
        }

        /** The profile used when an order names none (default {@code classic}). */
        public Builder defaultProfile(String name) {
            this.defaultProfile = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The validity of the default profile's certificates (default 90 days). */
        public Builder defaultValidity(Duration validity) {
            return profile(defaultProfile, validity);
        }

        /** Simulated rate limits (default {@link RateLimits#none()}). */
        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Validate against this DNS resolver instead of starting a {@link TestDnsServer}. */
        public Builder dnsResolver(InetSocketAddress resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Configures the DNS server the CA starts (default: {@code TestDnsServer.builder()} on the CA's host, free
         * ports, management API on, no zone).
         */
        public Builder dns(TestDnsServer.Builder dnsServer) {
            this.dnsBuilder = Objects.requireNonNull(dnsServer, "dnsServer");
            return this;
        }

        /** Port http-01 validations connect to (default 5002, as Pebble's configuration). */
        public Builder httpPort(int port) {
            this.httpPort = Args.port(port);
            return this;
        }

        /** How long a new order may be completed (default 1 day). */
        public Builder orderLifetime(Duration lifetime) {
            this.orderLifetime = positive(lifetime);
            return this;
        }

        /** How long a pending authorization may be completed (default 1 day). */
        public Builder authorizationLifetime(Duration lifetime) {
            this.authzLifetime = positive(lifetime);
            return this;
        }

        /** How long a valid authorization stays valid, e.g. for reuse (default 30 days). */
        public Builder validAuthorizationLifetime(Duration lifetime) {
            this.validAuthzLifetime = positive(lifetime);
            return this;
        }

        /** Chains per certificate, each under its own root (default 2: one alternate, as Pebble). */
        public Builder chains(int chains) {
            if (chains < 1 || chains > 10) {
                throw new IllegalArgumentException("chains must be within 1..10");
            }
            this.chains = chains;
            return this;
        }

        /** Retry-After on pending and processing resources (default 1 s, the least clients can honour). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Time between finalize and issuance (real time). Zero (default) issues while the finalize request is
         * answered, which then says {@code valid}; otherwise it says {@code processing} with {@code Retry-After}, as
         * Pebble's asynchronous issuance does.
         */
        public Builder issuanceDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("issuance delay must not be negative");
            }
            this.issuanceDelay = delay;
            return this;
        }

        /** Largest accepted request body (default 64 KiB); larger ones get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Starts the DNS server (unless an external resolver is set) and the CA.
         *
         * @throws UncheckedIOException     when a port cannot be bound
         * @throws IllegalArgumentException when settings contradict each other
         */
        public TestCa start() {
            TestDnsServer dns = null;
            InetSocketAddress res = resolver;
            if (res == null) {
                TestDnsServer.Builder b = dnsBuilder != null ? dnsBuilder
                        : TestDnsServer.builder().address(host.getHostAddress())
                                .managementAddress(host.getHostAddress());
                dns = b.start();
                res = dns.address();
            }
            try {
                CaSettings settings = new CaSettings(host, port, managementPort, clock,
                        seed == null ? new java.security.SecureRandom().nextLong() : seed, nonceRejectPercent,
                        authzReusePercent, delayMin, delayMax, attempts, retryInterval, eabKeys, eabRequired,
                        profiles, defaultProfile, rateLimits, res, httpPort, orderLifetime, authzLifetime,
                        validAuthzLifetime, chains, retryAfter, maxBodyBytes, issuanceDelay);
                EventLog events = new EventLog();
                FaultScript faults = new FaultScript();
                return new TestCa(new CaServer(settings, events, faults), dns, res, events, faults);
            } catch (IOException e) {
                if (dns != null) {
                    dns.close();
                }
                throw new UncheckedIOException("cannot start the test CA", e);
            } catch (RuntimeException e) {
                if (dns != null) {
                    dns.close();
                }
                throw e;
            }
        }

        private static int checkPercent(int percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be within 0..100: " + percent);
            }
            return percent;
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
