package dev.certpilot.acme;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyType;
import dev.certpilot.internal.Checks;
import dev.certpilot.internal.acme.AcmeConnector;
import dev.certpilot.spi.Issuer;
import dev.certpilot.spi.IssuerContext;
import dev.certpilot.spi.IssuerSession;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An ACME CA (RFC 8555) as an {@link Issuer}, on acme4j.
 *
 * <pre>{@code
 * Issuer le = AcmeIssuer.letsEncrypt()
 *         .contact("mailto:ops@example.com")
 *         .agreeToTermsOfService()
 *         .build();
 * Issuer internal = AcmeIssuer.at("https://acme.internal/directory")
 *         .name("internal")
 *         .externalAccountBinding("kid-123", hmacKeyBase64Url)
 *         .trustStore(corporateRoots)
 *         .build();
 * }</pre>
 *
 * <p>The ACME account key is generated once per (directory URL, account name), stored encrypted through the
 * manager's store <em>before</em> registration, and reused by every order and after restarts. Bad nonces are
 * retried by acme4j; {@code Retry-After} is honoured by the engine's polling.
 */
public final class AcmeIssuer implements Issuer {

    /** Let's Encrypt's production directory. */
    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    /** Let's Encrypt's staging directory. */
    public static final URI LETS_ENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");

    private final AcmeConnector.Settings settings;

    private AcmeIssuer(AcmeConnector.Settings settings) {
        this.settings = settings;
    }

    /** An issuer for the ACME directory at {@code directoryUrl}. */
    public static Builder at(URI directoryUrl) {
        return new Builder(directoryUrl);
    }

    /** An issuer for the ACME directory at {@code directoryUrl}. */
    public static Builder at(String directoryUrl) {
        try {
            return at(URI.create(directoryUrl));
        } catch (IllegalArgumentException e) {
            throw Checks.invalid("not a directory URL: " + Checks.abbreviate(directoryUrl));
        }
    }

    /** Let's Encrypt production. */
    public static Builder letsEncrypt() {
        return at(LETS_ENCRYPT).name("letsencrypt");
    }

    /** Let's Encrypt staging (untrusted certificates, generous limits: for trying things out). */
    public static Builder letsEncryptStaging() {
        return at(LETS_ENCRYPT_STAGING).name("letsencrypt-staging");
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** The ACME directory URL. */
    public URI directoryUrl() {
        return settings.directory();
    }

    @Override
    public IssuerSession open(IssuerContext context) {
        return AcmeConnector.open(settings, context);
    }

    /** Name, directory, account name and EAB key id; never the EAB HMAC key. */
    @Override
    public String toString() {
        return settings.toString();
    }

    /** Builds an {@link AcmeIssuer}. */
    public static final class Builder {
        private final URI directory;
        private String name;
        private String accountName = "default";
        private final List<String> contacts = new ArrayList<>();
        private boolean agreeToTerms;
        private String eabKid;
        private String eabHmacKey;
        private KeyType accountKeyType = KeyType.EC_P256;
        private String profile;
        private String preferredChain;
        private SSLContext sslContext;
        private Duration timeout = Duration.ofSeconds(30);
        private int sessions = 16;

        private Builder(URI directory) {
            Objects.requireNonNull(directory, "directoryUrl");
            String scheme = directory.getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || directory.getHost() == null) {
                throw Checks.invalid("the ACME directory must be an http(s) URL, was " + directory);
            }
            this.directory = directory;
            this.name = directory.getHost() + (directory.getPort() > 0 ? "-" + directory.getPort() : "");
        }

        /** A unique name for this issuer (default: the directory's host and port). */
        public Builder name(String name) {
            this.name = Checks.simpleName("issuer name", name);
            return this;
        }

        /** Which account at this CA to use (default {@code default}); one key per account name. */
        public Builder accountName(String accountName) {
            this.accountName = Checks.simpleName("account name", accountName);
            return this;
        }

        /** Adds a contact, e.g. {@code mailto:ops@example.com}. */
        public Builder contact(String contact) {
            if (contact == null || !contact.startsWith("mailto:") || contact.length() < 10) {
                throw Checks.invalid("a contact must be a mailto: URI, was '" + Checks.abbreviate(contact) + "'");
            }
            contacts.add(contact);
            return this;
        }

        /** Agrees to the CA's terms of service when the account is created (most CAs require it). */
        public Builder agreeToTermsOfService() {
            this.agreeToTerms = true;
            return this;
        }

        /**
         * External account binding (RFC 8555 section 7.3.4), for CAs that require it.
         *
         * @param kid     the key id the CA gave you
         * @param hmacKey the HMAC key the CA gave you, base64url; never logged
         */
        public Builder externalAccountBinding(String kid, String hmacKey) {
            this.eabKid = Checks.text("EAB key id", kid, 256);
            if (hmacKey == null || hmacKey.isBlank()) {
                throw Checks.invalid("the EAB HMAC key must not be blank");
            }
            this.eabHmacKey = hmacKey;
            return this;
        }

        /** The account key type (default EC P-256). */
        public Builder accountKeyType(KeyType type) {
            this.accountKeyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The ACME profile for orders whose request names none. */
        public Builder profile(String profile) {
            this.profile = Checks.simpleName("profile", profile);
            return this;
        }

        /** Prefer the chain whose topmost issuer has this common name, when the CA offers alternates. */
        public Builder preferredChain(String issuerCommonName) {
            this.preferredChain = Checks.text("preferred chain", issuerCommonName, 256);
            return this;
        }

        /** Trust the CA's TLS certificate through these roots instead of the JDK's defaults (private CAs, tests). */
        public Builder trustStore(KeyStore trustStore) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "the trust store cannot be used", e);
            }
        }

        /** Use this TLS context to talk to the CA. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /** HTTP connect and request timeout (default 30 s). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw Checks.invalid("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** How many requests may be in flight to this CA at once (default 16). */
        public Builder parallelism(int sessions) {
            if (sessions < 1 || sessions > 256) {
                throw Checks.invalid("parallelism must be 1 to 256, was " + sessions);
            }
            this.sessions = sessions;
            return this;
        }

        /** The issuer. */
        public AcmeIssuer build() {
            return new AcmeIssuer(new AcmeConnector.Settings(name, directory, accountName, List.copyOf(contacts),
                    agreeToTerms, Optional.ofNullable(eabKid), Optional.ofNullable(eabHmacKey), accountKeyType,
                    Optional.ofNullable(profile), Optional.ofNullable(preferredChain), Optional.ofNullable(sslContext),
                    timeout, sessions));
        }
    }
}
