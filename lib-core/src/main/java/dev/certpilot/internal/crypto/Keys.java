package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyType;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs of the {@link KeyType}s certpilot supports: EC keys from BouncyCastle (several times faster than JDK 17's
 * SunEC, see {@link SigningKeys}), RSA keys from the JDK.
 */
public final class Keys {

    private Keys() {
    }

    /** A fresh key pair. */
    public static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator g = type.isEc() ? KeyPairGenerator.getInstance("EC", Bc.PROVIDER)
                    : KeyPairGenerator.getInstance(type.algorithm());
            if (type.isEc()) {
                g.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
            } else {
                g.initialize(type.bits());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "cannot generate a " + type + " key", e);
        }
    }
}
