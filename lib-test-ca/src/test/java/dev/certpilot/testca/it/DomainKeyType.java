package dev.certpilot.testca.it;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.PublicKey;
import org.shredzone.acme4j.util.KeyPairUtils;

/** The certificate key types every CA in the suite must issue for. */
public enum DomainKeyType {
    /** ECDSA on NIST P-256. */
    EC_P256("secp256r1", 256),
    /** ECDSA on NIST P-384. */
    EC_P384("secp384r1", 384),
    /** RSA with a 2048-bit modulus. */
    RSA_2048(null, 2048),
    /** RSA with a 3072-bit modulus. */
    RSA_3072(null, 3072),
    /** RSA with a 4096-bit modulus. */
    RSA_4096(null, 4096);

    private final String curve;
    private final int bits;

    DomainKeyType(String curve, int bits) {
        this.curve = curve;
        this.bits = bits;
    }

    /** A new key pair of this type. */
    public KeyPair generate() {
        AcmeSessions.registerBouncyCastle();
        return curve != null ? KeyPairUtils.createECKeyPair(curve) : KeyPairUtils.createKeyPair(bits);
    }

    /** Whether {@code key} is of this type and size. */
    public boolean matches(PublicKey key) {
        if (curve != null) {
            return key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() == bits;
        }
        return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == bits;
    }
}
