package dev.certpilot.distribution;

import dev.certpilot.spi.Delivery;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real certificate chains (root, intermediate, leaf; EC P-256 or RSA 2048) for tests that need a {@link Delivery}
 * without an ACME round trip: made with BouncyCastle, signed with the JDK's providers.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);
    private static final X500Name ROOT_SUBJECT = new X500Name("CN=certpilot test root");
    private static final KeyPair ROOT_KEY = ec();
    private static final X509Certificate ROOT = issue(ROOT_SUBJECT, ROOT_KEY.getPublic(), ROOT_SUBJECT,
            ROOT_KEY.getPrivate(), true, List.of());
    private static final KeyPair INTERMEDIATE_KEY = ec();
    private static final X509Certificate INTERMEDIATE = issue(new X500Name("CN=certpilot test intermediate"),
            INTERMEDIATE_KEY.getPublic(), ROOT_SUBJECT, ROOT_KEY.getPrivate(), true, List.of());

    private TestCertificates() {
    }

    /** The root every test chain ends in. */
    public static X509Certificate root() {
        return ROOT;
    }

    /** A fresh EC P-256 key pair. */
    public static KeyPair ec() {
        return generate("EC");
    }

    /** A fresh RSA 2048 key pair. */
    public static KeyPair rsa() {
        return generate("RSA");
    }

    /** Leaf (for {@code names}, key {@code pair}) then the intermediate. */
    public static List<X509Certificate> chain(KeyPair pair, List<String> names) {
        X509Certificate leaf = issue(new X500Name("CN=" + names.get(0)), pair.getPublic(),
                new X500Name("CN=certpilot test intermediate"), INTERMEDIATE_KEY.getPrivate(), false, names);
        return List.of(leaf, INTERMEDIATE);
    }

    /** A delivery of a fresh EC certificate with its key. */
    public static Delivery delivery(String id, int version, String... names) {
        return delivery(id, version, ec(), true, false, names);
    }

    /** A delivery of a fresh certificate for {@code pair}, with or without its key, maybe a dry run. */
    public static Delivery delivery(String id, int version, KeyPair pair, boolean withKey, boolean dryRun,
                                    String... names) {
        return new Delivery(id, version, List.of(names), chain(pair, List.of(names)),
                withKey ? Optional.of(pair.getPrivate()) : Optional.empty(), dryRun);
    }

    /** The same delivery as a dry run. */
    public static Delivery dryRun(Delivery d) {
        return new Delivery(d.certificateId(), d.version(), d.names(), d.chain(), d.privateKey(), true);
    }

    /** Whether {@code key} signs what {@code pub} verifies. */
    public static boolean matches(PrivateKey key, PublicKey pub) {
        try {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(new byte[] {1, 2, 3});
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(new byte[] {1, 2, 3});
            return v.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate issue(X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer,
                                         boolean ca, List<String> names) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
