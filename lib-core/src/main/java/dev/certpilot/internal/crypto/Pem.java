package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM encoding and decoding of certificates and private keys. */
public final class Pem {

    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {
    }

    /** The chain as concatenated {@code CERTIFICATE} blocks, leaf first. */
    public static String certificates(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new CertpilotException(ErrorCode.CA_ERROR, "the CA sent a certificate that cannot be encoded", e);
            }
        }
        return sb.toString();
    }

    /** A private key as a PKCS#8 {@code PRIVATE KEY} block. */
    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** One PEM block. */
    public static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + MIME.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Parses concatenated {@code CERTIFICATE} blocks. */
    public static List<X509Certificate> parseCertificates(String pem) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : f.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "stored chain cannot be parsed", e);
        }
    }
}
