package dev.certpilot.samples.bench;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.it.AcmeSessions;
import dev.certpilot.testca.it.Dns01Issuance;
import dev.certpilot.testca.it.DomainKeyType;
import java.net.URL;
import java.security.KeyPair;
import java.util.List;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Plain acme4j 4, the baseline: one account, dns-01 with the TXT records placed through
 * {@link AcmeTestEnvironment#dns()}, a new EC P-256 key per certificate, status polled quickly (see
 * {@code Polling}) instead of acme4j's 3 s default.
 *
 * <p>acme4j 4 sessions may be shared between threads, but a session holds one nonce under a lock for the whole of
 * each signed request, so one shared session serializes all requests. Each benchmark thread therefore logs into
 * the same account with a session of its own.
 */
public final class RawAcme4jWorkload implements IssuanceWorkload {

    private final AcmeTestEnvironment environment;
    private final KeyPair accountKey;
    private final URL accountLocation;
    private final Dns01Issuance issuance;
    private final ThreadLocal<Login> logins;

    private RawAcme4jWorkload(AcmeTestEnvironment environment, KeyPair accountKey, URL accountLocation) {
        this.environment = environment;
        this.accountKey = accountKey;
        this.accountLocation = accountLocation;
        this.issuance = new Dns01Issuance(environment.dns());
        this.logins = ThreadLocal.withInitial(() -> AcmeSessions.open(this.environment).login(
                this.accountLocation, this.accountKey));
    }

    /** Registers one new account at {@code environment} and returns a workload issuing with it. */
    public static RawAcme4jWorkload open(AcmeTestEnvironment environment) throws AcmeException {
        KeyPair accountKey = AcmeSessions.newAccountKey();
        URL location = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey)
                .create(AcmeSessions.open(environment)).getLocation();
        return new RawAcme4jWorkload(environment, accountKey, location);
    }

    @Override
    public String name() {
        return "raw-acme4j";
    }

    @Override
    public void issue(List<String> names) throws Exception {
        issuance.issue(logins.get().getAccount(), names, DomainKeyType.EC_P256.generate());
    }

    @Override
    public void close() {
        // sessions hold no threads or sockets of their own beyond the JDK HttpClient, which is collected
    }
}
