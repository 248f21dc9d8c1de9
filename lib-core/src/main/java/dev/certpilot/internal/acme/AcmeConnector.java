package dev.certpilot.internal.acme;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyType;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.PublicKeys;
import dev.certpilot.internal.crypto.SigningKeys;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.IssuerContext;
import dev.certpilot.spi.IssuerSession;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an ACME session for {@link dev.certpilot.acme.AcmeIssuer}: loads the persisted account (or creates the key
 * and persists it <em>before</em> registering, so a crash never orphans an account), registers it when it has no
 * URL yet (with EAB when configured), and sets up the session pool.
 */
public final class AcmeConnector {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeConnector.class);

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /**
     * Everything needed to open a session.
     *
     * @param name             the issuer's name
     * @param directory        the ACME directory URL
     * @param accountName      which account of this CA
     * @param contacts         contact URIs
     * @param agreeToTerms     whether the terms of service are agreed to
     * @param eabKid           EAB key id, if any
     * @param eabHmacKey       EAB HMAC key (base64url), if any; never logged
     * @param accountKeyType   key type of a new account key
     * @param profile          default profile for orders
     * @param preferredChain   preferred chain issuer name
     * @param sslContext       TLS trust for the CA's endpoint, if not the JDK default
     * @param timeout          HTTP timeout
     * @param sessions         parallel sessions
     */
    public record Settings(String name, URI directory, String accountName, List<String> contacts, boolean agreeToTerms,
                           Optional<String> eabKid, Optional<String> eabHmacKey, KeyType accountKeyType,
                           Optional<String> profile, Optional<String> preferredChain, Optional<SSLContext> sslContext,
                           Duration timeout, int sessions) {
        /** Never shows the EAB HMAC key. */
        @Override
        public String toString() {
            return "AcmeIssuer[" + name + ", " + directory + ", account=" + accountName + ", eab="
                    + eabKid.orElse("-") + "]";
        }
    }

    private AcmeConnector() {
    }

    /** Opens a session, creating and registering the account if needed. */
    public static IssuerSession open(Settings s, IssuerContext ctx) {
        HttpClient http = httpClient(s);
        GenericAcmeProvider provider = new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings networkSettings) {
                return http;
            }
        };
        String id = AccountRecord.idOf(s.directory().toString(), s.accountName());
        AccountRecord account = ctx.store().findAccount(id).orElseGet(() -> createKey(s, ctx, id));
        // the account key signs every request: in the form JCA signs with fastest
        PrivateKey privateKey = SigningKeys.forSigning(ctx.keyProtection().unprotect(account.key(), id));
        KeyPair keys = PublicKeys.pairOf(privateKey);
        Session session = new Session(s.directory(), provider);
        session.networkSettings().setTimeout(s.timeout());
        Login login;
        URL accountUrl;
        try {
            AccountBuilder builder = new AccountBuilder().useKeyPair(keys);
            s.contacts().forEach(builder::addContact);
            if (s.agreeToTerms()) {
                builder.agreeToTermsOfService();
            }
            if (s.eabKid().isPresent() && s.eabHmacKey().isPresent()) {
                builder.withKeyIdentifier(s.eabKid().get(), s.eabHmacKey().get());
            }
            Optional<Login> existing = account.accountUrl().isPresent() ? findExisting(keys, session) : Optional.empty();
            if (existing.isPresent()) {
                login = existing.get();
                accountUrl = login.getAccountLocation();
                if (!account.accountUrl().get().equals(accountUrl.toString())) {
                    ctx.store().saveAccount(account.withAccountUrl(accountUrl.toString(), ctx.clock().instant()));
                }
            } else {
                if (account.accountUrl().isPresent()) {
                    LOG.warn("The CA at {} no longer knows account {}; registering the same key again",
                            s.directory(), account.accountUrl().get());
                }
                login = builder.createLogin(session);
                accountUrl = login.getAccountLocation();
                ctx.store().saveAccount(account.withAccountUrl(accountUrl.toString(), ctx.clock().instant()));
                LOG.info("Registered ACME account {} at {}", accountUrl, s.directory());
            }
        } catch (CertpilotException e) {
            throw e;
        } catch (Exception e) {
            throw AcmeErrors.map(s.name() + ": opening the ACME account at " + s.directory(), e);
        }
        return new AcmeIssuerSession(s.name(), new SessionPool(s.directory(), provider, keys, accountUrl,
                s.sessions(), login), s.profile(), s.preferredChain(), ctx.clock());
    }

    /**
     * The account of {@code keys} at the CA ({@code onlyReturnExisting}): one request that proves the stored account
     * still exists; empty when the CA does not know it (a reset staging CA, a fresh test CA).
     */
    private static Optional<Login> findExisting(KeyPair keys, Session session) throws Exception {
        try {
            return Optional.of(new AccountBuilder().useKeyPair(keys).onlyExisting().createLogin(session));
        } catch (org.shredzone.acme4j.exception.AcmeServerException e) {
            if (e.getType().toString().endsWith(":accountDoesNotExist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static AccountRecord createKey(Settings s, IssuerContext ctx, String id) {
        KeyPair pair = Keys.generate(s.accountKeyType());
        var now = ctx.clock().instant();
        AccountRecord fresh = new AccountRecord(id, 0, s.directory().toString(), s.accountName(), Optional.empty(),
                ctx.keyProtection().protect(pair.getPrivate(), id), s.contacts(), now, now);
        try {
            return ctx.store().saveAccount(fresh);
        } catch (CertpilotException e) {
            if (e.code() == ErrorCode.STORE_CONFLICT) {
                // another instance created it at the same moment: use theirs
                return ctx.store().findAccount(id).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private static HttpClient httpClient(Settings s) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(s.timeout());
        s.sslContext().ifPresent(b::sslContext);
        return b.build();
    }
}
