package dev.certpilot.testca.it;

import dev.certpilot.testca.AcmeTestEnvironment;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Session;

/**
 * Opens acme4j sessions to an {@link AcmeTestEnvironment}, trusting its TLS root, with BouncyCastle registered
 * (acme4j needs it for CSRs and key handling).
 */
public final class AcmeSessions {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private AcmeSessions() {
    }

    /** A new session to {@code environment}'s directory that trusts only its TLS root. */
    public static Session open(AcmeTestEnvironment environment) {
        return new Session(environment.directoryUrl(), new TrustingAcmeProvider(environment.trustStore()));
    }
}
