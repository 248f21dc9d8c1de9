package dev.certpilot.testca.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM encoding. */
public final class Pem {
    private Pem() {
    }

    /** PEM block of {@code type} around {@code der}. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A certificate as PEM. */
    public static String of(X509Certificate cert) {
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private key as PKCS#8 PEM. */
    public static String of(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /** Parses the first certificate of a PEM text. */
    public static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
        int start = pem.indexOf("-----BEGIN CERTIFICATE-----");
        int end = pem.indexOf("-----END CERTIFICATE-----");
        if (start < 0 || end < start) {
            throw new GeneralSecurityException("no PEM certificate");
        }
        String b64 = pem.substring(start + 27, end).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
