package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/** Derives the public key that belongs to a private key (stores keep only the encrypted private key). */
public final class PublicKeys {

    private PublicKeys() {
    }

    /** The key pair of {@code key}. */
    public static KeyPair pairOf(PrivateKey key) {
        return new KeyPair(derive(key), key);
    }

    /** The public key of an RSA (CRT) or EC private key. */
    public static PublicKey derive(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                var params = ec.getParams();
                var curve = EC5Util.convertCurve(params.getCurve());
                var q = EC5Util.convertPoint(curve, params.getGenerator()).multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "cannot derive the public key", e);
        }
        throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "unsupported private key " + key.getAlgorithm());
    }
}
