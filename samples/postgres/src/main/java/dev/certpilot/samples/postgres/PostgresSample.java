package dev.certpilot.samples.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateManagerBuilder;
import dev.certpilot.CertificateRequest;
import dev.certpilot.DnsProviders;
import dev.certpilot.KeyProtection;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.spi.DnsChallengeProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * certpilot as a production service wires it: the store is PostgreSQL through a HikariCP pool
 * ({@link JdbcCertificateStore}, schema created or upgraded at start), private keys are encrypted under a
 * key-encryption key taken from an environment variable, the ACME CA is given by its directory URL, and the DNS
 * provider is chosen by name ({@link DnsProviders#byName}) with its options, as lego's are.
 *
 * <pre>
 * export CERTPILOT_KEK=$(head -c 32 /dev/urandom | base64)    # keep it in your secret manager
 * export CERTPILOT_DB_PASSWORD=...
 * bin/postgres-sample --jdbc-url jdbc:postgresql://localhost:5432/certpilot --db-user certpilot \
 *     --acme-directory https://acme-staging-v02.api.letsencrypt.org/directory --contact mailto:ops@example.com \
 *     --agree-tos --zone example.com --dns-provider cloudflare --dns-option dnsApiToken=... \
 *     --domain example.com --domain '*.example.com'
 * </pre>
 *
 * <p>It makes sure a certificate for the {@code --domain}s exists: a certificate for exactly those names already in
 * the database is printed (and renewed with {@code --renew}); otherwise one is requested and awaited. With
 * {@code --serve} it then keeps running, as a service would, resuming and finishing jobs (those of crashed
 * instances too) until it is stopped (SIGTERM / Ctrl-C close the manager and the pool). Any number of instances may
 * share the database.
 *
 * <p>Secrets never go on the command line: the database password and the KEK come from environment variables
 * (names changeable with {@code --db-password-env} and {@code --kek-env}); DNS provider options that are secrets
 * may be given as {@code --dns-option-env name=VARIABLE}. Nothing secret is printed or logged.
 */
public final class PostgresSample {

    private static final String USAGE = """
            usage: postgres-sample --jdbc-url URL [--db-user USER] [--db-password-env VAR (CERTPILOT_DB_PASSWORD)]
                     [--pool-size N (10)] [--kek-env VAR (CERTPILOT_KEK)] [--kek-id ID]
                     --acme-directory URL [--acme-trust-pem FILE] [--contact mailto:...] [--agree-tos]
                     --zone ZONE --dns-provider NAME [--dns-option key=value ...] [--dns-option-env key=VAR ...]
                     [--resolver HOST:PORT] [--nameserver HOST:PORT ...]
                     --domain NAME [--domain NAME ...] [--renew] [--wait SECONDS (300)] [--serve]
                     [--instance-id ID]""";

    private PostgresSample() {
    }

    /** Runs the sample with the process's environment; exits non-zero on bad arguments or a failed issuance. */
    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = run(args, System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (RuntimeException e) {
            // CertpilotException messages name what failed and never carry secrets; so do the driver's and pool's
            StringBuilder why = new StringBuilder("postgres-sample: ").append(e.getMessage());
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                why.append("\n  caused by: ").append(c.getMessage());
            }
            System.err.println(why);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Runs the sample.
     *
     * @param args the command line
     * @param env  the environment (secrets are read from it)
     * @param out  where the report goes
     * @return the exit code: 0 when the certificate is issued
     * @throws IllegalArgumentException on bad or missing arguments
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        Options o = Options.parse(args);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (HikariDataSource pool = pool(o, env);
             CertificateManager manager = manager(o, env, pool).build()) {
            manager.start(); // resumes jobs left unfinished by this or another instance
            ManagedCertificate cert = ensureCertificate(o, manager, out);
            out.println("certificate " + cert.id() + " " + cert.state() + " version " + cert.version() + " names "
                    + String.join(", ", cert.names()) + " serial " + cert.serial().orElse("-") + " expires "
                    + cert.notAfter().map(Object::toString).orElse("-"));
            if (o.serve) {
                // on SIGTERM the hook lets this thread close the manager and the pool, and waits for it
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopped.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "postgres-sample-shutdown"));
                out.println("serving; stop with SIGTERM or Ctrl-C");
                stopped.await();
            }
            return 0;
        } finally {
            closed.countDown();
        }
    }

    /** A certificate for the requested names: the stored one, renewed if asked, or a new one. */
    private static ManagedCertificate ensureCertificate(Options o, CertificateManager manager, PrintStream out) {
        List<String> names = CertificateRequest.forDomains(o.domains).build().names();
        Optional<ManagedCertificate> stored = manager.list(CertificateFilter.builder().name(names.get(0)).build(),
                PageRequest.first(100)).items().stream().filter(c -> c.names().equals(names)).findFirst();
        if (stored.isPresent() && !o.renew && stored.get().serial().isPresent() && !stored.get().isBusy()) {
            out.println("found certificate " + stored.get().id() + " in the database");
            return stored.get();
        }
        var handle = stored.isPresent() ? manager.renew(stored.get().id())
                : manager.request(CertificateRequest.forDomains(names).build());
        out.println((stored.isPresent() ? "renewing " : "requested ") + handle.id() + "; waiting up to " + o.wait);
        return handle.awaitIssued(o.wait);
    }

    /** The connection pool: HikariCP with a name, a bounded size and timeouts; the password from the environment. */
    static HikariDataSource pool(Options o, Map<String, String> env) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("certpilot");
        config.setJdbcUrl(o.jdbcUrl);
        o.dbUser.ifPresent(config::setUsername);
        Optional.ofNullable(env.get(o.dbPasswordEnv)).ifPresent(config::setPassword);
        // a manager borrows a connection per statement or transaction, never holds one while waiting on the
        // CA or DNS: a few connections serve many concurrent jobs
        config.setMaximumPoolSize(o.poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** The manager: store, key protection, issuer and DNS, all from the options and the environment. */
    static CertificateManagerBuilder manager(Options o, Map<String, String> env, HikariDataSource pool)
            throws IOException, GeneralSecurityException {
        JdbcCertificateStore store = JdbcCertificateStore.builder(pool).createSchemaIfMissing(true).build();
        AcmeIssuer.Builder issuer = AcmeIssuer.at(o.acmeDirectory).name("acme");
        o.contact.ifPresent(issuer::contact);
        if (o.agreeTos) {
            issuer.agreeToTermsOfService();
        }
        if (o.acmeTrustPem.isPresent()) {
            issuer.trustStore(trustStore(o.acmeTrustPem.get()));
        }
        Map<String, String> dnsOptions = new LinkedHashMap<>(o.dnsOptions);
        o.dnsOptionEnv.forEach((option, variable) -> dnsOptions.put(option, required(env, variable)));
        DnsChallengeProvider dns = DnsProviders.byName(o.dnsProvider, dnsOptions);
        PropagationSettings.Builder propagation = PropagationSettings.builder();
        o.resolver.ifPresent(propagation::resolver);
        if (!o.nameservers.isEmpty()) {
            propagation.nameservers(o.nameservers.toArray(InetSocketAddress[]::new));
        }
        CertificateManagerBuilder b = CertificateManager.builder()
                .issuer(issuer.build())
                .dns(o.zone, dns)
                .store(store)
                .keyProtection(KeyProtection.aesGcm(kek(o, env)))
                .propagation(propagation.build());
        o.instanceId.ifPresent(b::instanceId);
        return b;
    }

    /** The KEK: 32 bytes, base64 in an environment variable (from a secret manager in production). */
    private static dev.certpilot.spi.KeyEncryptionKey kek(Options o, Map<String, String> env) {
        String encoded = required(env, o.kekEnv).trim();
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + o.kekEnv + " is not base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("environment variable " + o.kekEnv + " must hold 32 bytes (base64),"
                    + " it holds " + raw.length + "; make one with: head -c 32 /dev/urandom | base64");
        }
        return KeyProtection.localKey(o.kekId.orElse(null), raw);
    }

    private static String required(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return value;
    }

    private static KeyStore trustStore(Path pem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        return ks;
    }

    /** The parsed command line. */
    static final class Options {
        String jdbcUrl;
        Optional<String> dbUser = Optional.empty();
        String dbPasswordEnv = "CERTPILOT_DB_PASSWORD";
        int poolSize = 10;
        String kekEnv = "CERTPILOT_KEK";
        Optional<String> kekId = Optional.empty();
        String acmeDirectory;
        Optional<Path> acmeTrustPem = Optional.empty();
        Optional<String> contact = Optional.empty();
        boolean agreeTos;
        String zone;
        String dnsProvider;
        final Map<String, String> dnsOptions = new LinkedHashMap<>();
        final Map<String, String> dnsOptionEnv = new LinkedHashMap<>();
        Optional<InetSocketAddress> resolver = Optional.empty();
        final List<InetSocketAddress> nameservers = new ArrayList<>();
        final List<String> domains = new ArrayList<>();
        boolean renew;
        Duration wait = Duration.ofMinutes(5);
        boolean serve;
        Optional<String> instanceId = Optional.empty();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                switch (flag) {
                    case "--agree-tos" -> o.agreeTos = true;
                    case "--renew" -> o.renew = true;
                    case "--serve" -> o.serve = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(flag + " needs a value");
                        }
                        o.set(flag, args[++i]);
                    }
                }
            }
            o.check();
            return o;
        }

        private void set(String flag, String value) {
            switch (flag) {
                case "--jdbc-url" -> jdbcUrl = value;
                case "--db-user" -> dbUser = Optional.of(value);
                case "--db-password-env" -> dbPasswordEnv = value;
                case "--pool-size" -> poolSize = Integer.parseInt(value);
                case "--kek-env" -> kekEnv = value;
                case "--kek-id" -> kekId = Optional.of(value);
                case "--acme-directory" -> acmeDirectory = value;
                case "--acme-trust-pem" -> acmeTrustPem = Optional.of(Path.of(value));
                case "--contact" -> contact = Optional.of(value);
                case "--zone" -> zone = value;
                case "--dns-provider" -> dnsProvider = value;
                case "--dns-option" -> keyValue(flag, value, dnsOptions);
                case "--dns-option-env" -> keyValue(flag, value, dnsOptionEnv);
                case "--resolver" -> resolver = Optional.of(address(value));
                case "--nameserver" -> nameservers.add(address(value));
                case "--domain" -> domains.add(value);
                case "--wait" -> wait = Duration.ofSeconds(Long.parseLong(value));
                case "--instance-id" -> instanceId = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }

        private void check() {
            List<String> missing = new ArrayList<>();
            if (jdbcUrl == null) {
                missing.add("--jdbc-url");
            }
            if (acmeDirectory == null) {
                missing.add("--acme-directory");
            }
            if (zone == null) {
                missing.add("--zone");
            }
            if (dnsProvider == null) {
                missing.add("--dns-provider");
            }
            if (domains.isEmpty()) {
                missing.add("--domain");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("missing " + String.join(", ", missing));
            }
        }

        private static void keyValue(String flag, String value, Map<String, String> into) {
            int eq = value.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(flag + " takes key=value");
            }
            into.put(value.substring(0, eq), value.substring(eq + 1));
        }

        private static InetSocketAddress address(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("not HOST:PORT: " + hostPort);
            }
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }
    }
}
