package dev.certpilot.testca.it;

import dev.certpilot.testca.AcmeTestEnvironment;
import java.security.KeyPair;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Opens acme4j sessions to an {@link AcmeTestEnvironment}, trusting its TLS root, with BouncyCastle registered
 * (acme4j needs it for CSRs and key handling).
 */
public final class AcmeSessions {

    private AcmeSessions() {
    }

    /** Registers BouncyCastle once; acme4j's {@code KeyPairUtils} and CSR builder ask for provider "BC". */
    public static synchronized void registerBouncyCastle() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** A new session to {@code environment}'s directory that trusts only its TLS root. */
    public static Session open(AcmeTestEnvironment environment) {
        registerBouncyCastle();
        return new Session(environment.directoryUrl(), new TrustingAcmeProvider(environment.trustStore()));
    }

    /** A new EC P-256 account key. */
    public static KeyPair newAccountKey() {
        registerBouncyCastle();
        return KeyPairUtils.createECKeyPair("secp256r1");
    }
}
