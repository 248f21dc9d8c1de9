package dev.certpilot.tls;

import dev.certpilot.spi.Delivery;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * One certificate version the key manager serves. The alias names this exact version, so a handshake that chose it
 * gets the matching chain and key even if a renewal is installed between its calls.
 *
 * @param alias         {@code <certificate id>#v<version>}
 * @param certificateId the certificate's id
 * @param version       its version
 * @param names         its DNS names, lower case ({@code *.} for wildcards)
 * @param chain         leaf first (never handed out: callers get copies)
 * @param key           the private key
 * @param keyAlgorithm  {@code EC} or {@code RSA}, as JSSE names key types
 */
record ServedCertificate(String alias, String certificateId, int version, List<String> names,
                         X509Certificate[] chain, PrivateKey key, String keyAlgorithm) {

    /**
     * The certificate of a delivery that carries a key. EC and RSA keys are converted to the JDK's own key objects:
     * keys decrypted by BouncyCastle call themselves {@code ECDSA}, which JSSE does not accept for key type
     * {@code EC}, and some TLS stacks expect the JDK's classes.
     */
    static ServedCertificate of(Delivery d, PrivateKey key) {
        List<String> names = d.names().stream().map(ServedCertificate::normalize).distinct().toList();
        PrivateKey jdkKey = jdkKey(key);
        return new ServedCertificate(d.certificateId() + "#v" + d.version(), d.certificateId(), d.version(), names,
                d.chain().toArray(new X509Certificate[0]), jdkKey, jdkKey.getAlgorithm());
    }

    private static PrivateKey jdkKey(PrivateKey key) {
        String family = key instanceof ECPrivateKey ? "EC" : key instanceof RSAPrivateKey ? "RSA" : null;
        if (family == null || (family.equals(key.getAlgorithm())
                && key.getClass().getName().startsWith("sun.security."))) {
            return key;
        }
        try {
            return KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the " + family + " private key cannot be read by the JDK", e);
        }
    }

    /** The leaf. */
    X509Certificate leaf() {
        return chain[0];
    }

    /**
     * Whether the key suits a JSSE key type: {@code EC}, {@code RSA}, or the TLS 1.2 forms {@code EC_EC} and
     * {@code EC_RSA} (key type, then the issuer's); {@code null} accepts any key.
     */
    boolean suits(String keyType) {
        if (keyType == null) {
            return true;
        }
        int n = keyAlgorithm.length();
        return keyType.startsWith(keyAlgorithm) && (keyType.length() == n || keyType.charAt(n) == '_');
    }

    /** Lower case ASCII, without one trailing dot. */
    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Identity and names; never the key. */
    @Override
    public String toString() {
        return alias + " " + names;
    }
}
