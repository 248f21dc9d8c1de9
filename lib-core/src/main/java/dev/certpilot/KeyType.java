package dev.certpilot;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/** The key types certpilot generates and accepts. {@link #EC_P256} is the default. */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1): small, fast, universally supported. The default. */
    EC_P256("EC", 256),
    /** ECDSA on NIST P-384 (secp384r1). */
    EC_P384("EC", 384),
    /** RSA with a 2048-bit modulus, for old clients. */
    RSA_2048("RSA", 2048),
    /** RSA with a 3072-bit modulus. */
    RSA_3072("RSA", 3072),
    /** RSA with a 4096-bit modulus. */
    RSA_4096("RSA", 4096);

    private final String algorithm;
    private final int bits;

    KeyType(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** The JCA algorithm name: {@code EC} or {@code RSA}. */
    public String algorithm() {
        return algorithm;
    }

    /** The curve size or modulus length in bits. */
    public int bits() {
        return bits;
    }

    /** Whether this is an elliptic-curve type. */
    public boolean isEc() {
        return algorithm.equals("EC");
    }

    /** The key type of a public key, or empty when certpilot does not accept that key (e.g. RSA 1024, P-521). */
    public static Optional<KeyType> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int len = rsa.getModulus().bitLength();
            for (KeyType t : values()) {
                if (!t.isEc() && t.bits == len) {
                    return Optional.of(t);
                }
            }
        } else if (key instanceof ECPublicKey ec) {
            int len = ec.getParams().getCurve().getField().getFieldSize();
            for (KeyType t : values()) {
                if (t.isEc() && t.bits == len) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }
}
