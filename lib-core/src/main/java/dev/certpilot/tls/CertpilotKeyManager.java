package dev.certpilot.tls;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateState;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.internal.Checks;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-side {@link X509ExtendedKeyManager} that serves certpilot's certificates by the name the client asks for
 * (TLS SNI) and swaps to renewed certificates while the server keeps running.
 *
 * <pre>{@code
 * CertpilotKeyManager keyManager = CertpilotKeyManager.builder().defaultServerName("example.com").build();
 * keyManager.load(manager);                         // everything already issued
 * // and every new or renewed certificate: keyManager is a DistributionTarget
 *
 * HttpsServer jdk = HttpsServer.create(address, 0);
 * jdk.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
 *
 * SslContextFactory.Server jetty = new SslContextFactory.Server();
 * jetty.setSslContext(keyManager.sslContext());
 *
 * SslContext netty = SslContextBuilder.forServer(keyManager).build();
 * }</pre>
 *
 * <p><b>Choosing a certificate.</b> For each handshake the server name from the client's SNI extension is looked
 * up: first a certificate with exactly that name (case-insensitive, trailing dot ignored), then one with the wildcard
 * {@code *.<parent>} covering its leftmost label, then the {@linkplain Builder#defaultServerName default} name's
 * certificate (also used when the client sends no SNI). Only a certificate whose key suits the key type the TLS
 * stack asks for is taken (an EC certificate for ECDSA signature schemes, an RSA one for RSA schemes), so one name
 * can be served with an EC and an RSA certificate side by side; among several suitable ones, the most recently
 * installed wins. When nothing suits, the key manager returns no alias and the TLS stack fails the handshake.
 *
 * <p><b>Swapping.</b> {@link #deliver} installs a certificate version; handshakes started afterwards get it, running
 * handshakes finish with the version they chose, connections already established are unaffected. Lookups read an
 * immutable snapshot of hash maps (a volatile read and at most three map reads, whatever the number of certificates)
 * and never wait; installing builds a new snapshot (copy on write, O(certificates)), which suits renewals; load many
 * certificates at once with {@link #load} rather than one by one. A delivery of an older version than the one served
 * is ignored. Certificates without a private key (issued from the caller's CSR) cannot be served: they are ignored
 * with a log line.
 *
 * <p>This key manager only serves: its client-side methods return {@code null}. Thread-safe.
 */
public final class CertpilotKeyManager extends X509ExtendedKeyManager implements DistributionTarget {

    private static final Logger LOG = LoggerFactory.getLogger(CertpilotKeyManager.class);
    private static final int PAGE_SIZE = 500;
    private static final String SERVING = "serving ";

    private final String name;
    private final String defaultServerName;
    private volatile ServerNameIndex index = ServerNameIndex.EMPTY;
    /**
     * The certificate chosen last, by any thread. JSSE asks for the key and chain right after choosing, so these
     * calls are usually answered without another map lookup. Deliberately neither volatile nor thread-local (both
     * cost more than the lookup they save): a thread may see another thread's choice or an older one, and then
     * the alias differs and the map answers. Reading it is safe because a {@link ServedCertificate}'s fields are
     * final.
     */
    private ServedCertificate lastChosen;

    private CertpilotKeyManager(Builder b) {
        this.name = b.name;
        this.defaultServerName = b.defaultServerName;
    }

    /** A key manager named {@code tls} without a default certificate. */
    public static CertpilotKeyManager create() {
        return builder().build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A key manager named {@code tls} without a default, serving every certificate {@code manager} has issued.
     *
     * @see #load(CertificateManager)
     */
    public static CertpilotKeyManager loadFrom(CertificateManager manager) {
        CertpilotKeyManager keyManager = create();
        keyManager.load(manager);
        return keyManager;
    }

    /**
     * Serves every certificate in state {@link CertificateState#ISSUED} that {@code manager} holds a key for, in one
     * swap. Call it at start-up; renewals arrive through {@link #deliver}.
     *
     * @return how many certificates were installed
     */
    public int load(CertificateManager manager) {
        CertificateFilter issued = CertificateFilter.builder().states(CertificateState.ISSUED).build();
        List<ServedCertificate> found = new ArrayList<>();
        Optional<PageRequest> next = Optional.of(PageRequest.first(PAGE_SIZE));
        while (next.isPresent()) {
            Page<ManagedCertificate> page = manager.list(issued, next.get());
            for (ManagedCertificate c : page.items()) {
                toDelivery(c).flatMap(this::servable).ifPresent(found::add);
            }
            next = page.next(PAGE_SIZE);
        }
        install(found);
        LOG.info("Key manager '{}' loaded {} certificate(s)", name, found.size());
        return found.size();
    }

    /**
     * Serves this certificate from now on (its current version), as a delivery would.
     *
     * @return whether it is served (false without a private key, or before issuance)
     */
    public boolean install(ManagedCertificate certificate) {
        return toDelivery(certificate).map(d -> deliver(d).actions().get(0).startsWith(SERVING)).orElse(false);
    }

    /** Stops serving a revoked or deleted certificate: {@link #remove(String)}. */
    @Override
    public void withdraw(String certificateId) {
        remove(certificateId);
    }

    /**
     * Stops serving a certificate (e.g. after it was revoked or deleted).
     *
     * @return whether it was served
     */
    public boolean remove(String certificateId) {
        synchronized (this) {
            ServerNameIndex before = index;
            index = before.without(certificateId);
            return index != before;
        }
    }

    /** The leaf a handshake for {@code serverName} would be served (any key type), by the rules above. */
    public Optional<X509Certificate> certificateFor(String serverName) {
        return Optional.ofNullable(select(serverName, null)).map(ServedCertificate::leaf);
    }

    /** How many certificates are served. */
    public int size() {
        return index.all().size();
    }

    /** An {@link SSLContext} ({@code TLS}, the JDK's default provider) using this key manager and default trust. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS SSLContext", e);
        }
    }

    /** A {@link KeyManagerFactory} that hands out this key manager, for APIs that want a factory. */
    public KeyManagerFactory keyManagerFactory() {
        return new FixedKeyManagerFactory(this);
    }

    /** The name as a distribution target. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Serves the delivered certificate from the next handshake on (in a dry run, only says it would). Ignores, with a
     * log line and a report line, certificates without a private key and versions older than the one served.
     */
    @Override
    public DeliveryReport deliver(Delivery delivery) {
        String what = delivery.names() + " (" + delivery.certificateId() + " v" + delivery.version() + ", serial "
                + delivery.leaf().getSerialNumber().toString(16) + ")";
        Optional<ServedCertificate> servable = servable(delivery);
        if (servable.isEmpty()) {
            return DeliveryReport.of("ignored " + what + ": no private key (certificate from the caller's CSR)");
        }
        if (delivery.dryRun()) {
            return DeliveryReport.of("would serve " + what);
        }
        ServedCertificate served = servable.get();
        synchronized (this) {
            ServedCertificate old = index.current(served.certificateId());
            if (old != null && old.version() > served.version()) {
                LOG.info("Key manager '{}' ignored {}: it already serves v{}", name, what, old.version());
                return DeliveryReport.of("ignored " + what + ": v" + old.version() + " is served already");
            }
            index = index.with(List.of(served));
            LOG.info("Key manager '{}' serves {}", name, what);
            return DeliveryReport.of(SERVING + what + (old == null ? "" : ", replacing v" + old.version()));
        }
    }

    /** The alias of the certificate for the SNI name of {@code engine}'s handshake, or {@code null}. */
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    /** The alias of the certificate for the SNI name of {@code socket}'s handshake, or {@code null}. */
    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    /** The aliases of the current certificates whose key suits {@code keyType}, or {@code null} when none. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String[] aliases = index.all().stream().filter(c -> c.suits(keyType)).map(ServedCertificate::alias)
                .toArray(String[]::new);
        return aliases.length == 0 ? null : aliases;
    }

    /** A copy of the chain (leaf first) of this alias's certificate version, or {@code null}. */
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServedCertificate c = byAlias(alias);
        return c == null ? null : c.chain().clone();
    }

    /** The private key of this alias's certificate version, or {@code null}. */
    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServedCertificate c = byAlias(alias);
        return c == null ? null : c.key();
    }

    /** Not a client key manager: {@code null}. */
    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** Not a client key manager: {@code null}. */
    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** Not a client key manager: {@code null}. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    /** Name, number of certificates and default name; never keys. */
    @Override
    public String toString() {
        return "CertpilotKeyManager[" + name + ", certificates=" + size() + ", default="
                + (defaultServerName == null ? "none" : defaultServerName) + "]";
    }

    private String alias(String keyType, SSLSession handshake) {
        ServedCertificate c = select(requestedServerName(handshake), keyType);
        if (c == null) {
            return null;
        }
        lastChosen = c;
        return c.alias();
    }

    private ServedCertificate byAlias(String alias) {
        ServedCertificate last = lastChosen;
        // the very string handed out by alias(): then it is that version, even if a swap happened since
        return last != null && last.alias() == alias ? last : index.byAlias(alias);
    }

    private ServedCertificate select(String serverName, String keyType) {
        ServerNameIndex snapshot = index;
        ServedCertificate found = serverName == null || serverName.isEmpty() ? null
                : snapshot.find(serverName, keyType);
        if (found == null && defaultServerName != null) {
            found = snapshot.find(defaultServerName, keyType);
        }
        return found;
    }

    private synchronized void install(List<ServedCertificate> certificates) {
        List<ServedCertificate> newer = certificates.stream().filter(c -> {
            ServedCertificate old = index.current(c.certificateId());
            return old == null || old.version() <= c.version();
        }).toList();
        index = index.with(newer);
    }

    private Optional<ServedCertificate> servable(Delivery d) {
        if (d.privateKey().isEmpty()) {
            LOG.info("Key manager '{}' ignores certificate {} v{} {}: certpilot holds no private key for it "
                    + "(issued from the caller's CSR)", name, d.certificateId(), d.version(), d.names());
            return Optional.empty();
        }
        return Optional.of(ServedCertificate.of(d, d.privateKey().get()));
    }

    private static Optional<Delivery> toDelivery(ManagedCertificate c) {
        List<X509Certificate> chain = c.chain();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(c.id(), c.version(), c.names(), chain, c.privateKey(), false));
    }

    /** The first host name the client sent with SNI, or {@code null}. */
    private static String requestedServerName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (int i = 0; i < names.size(); i++) {
                SNIServerName n = names.get(i);
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return n instanceof SNIHostName host ? host.getAsciiName()
                            : new SNIHostName(n.getEncoded()).getAsciiName();
                }
            }
        }
        return null;
    }

    /** Configures a {@link CertpilotKeyManager}. */
    public static final class Builder {

        private String name = "tls";
        private String defaultServerName;

        private Builder() {
        }

        /** The name as a distribution target; default {@code tls}. */
        public Builder name(String name) {
            this.name = Checks.simpleName("target name", name);
            return this;
        }

        /**
         * The name whose certificate is served when the client sends no SNI or a name no certificate covers
         * (e.g. {@code example.com}, or {@code www.example.com} to fall back to the {@code *.example.com}
         * certificate); default none: such handshakes fail.
         */
        public Builder defaultServerName(String serverName) {
            this.defaultServerName = DomainNames.certificateName(serverName);
            return this;
        }

        /** Builds the key manager, serving nothing yet. */
        public CertpilotKeyManager build() {
            return new CertpilotKeyManager(this);
        }
    }
}
