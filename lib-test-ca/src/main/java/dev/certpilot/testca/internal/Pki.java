package dev.certpilot.testca.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The CA's keys and certificates: a TLS root and server certificate for the HTTPS listeners, and the issuing
 * hierarchy: one intermediate key certified by {@code n} roots (one chain per root, like Pebble's alternate
 * chains: same intermediate subject and key, different roots). All keys are EC P-256, generated once at start.
 */
public final class Pki {
    private static final String SIG_ALG = "SHA256withECDSA";
    private static final Duration CA_LIFETIME = Duration.ofDays(365L * 30);

    private final SecureRandom random;
    private final KeyPair tlsRootKey;
    private final X509Certificate tlsRoot;
    private final KeyPair tlsServerKey;
    private final X509Certificate tlsServer;
    private final List<KeyPair> rootKeys = new ArrayList<>();
    private final List<X509Certificate> roots = new ArrayList<>();
    private final List<X509Certificate> intermediates = new ArrayList<>();
    private final KeyPair intermediateKey;
    private volatile java.security.PrivateKey intermediateSigningKey;
    private final byte[] intermediateKeyId;
    private final X500Name intermediateName;

    /**
     * Creates every key and certificate.
     *
     * @param chains how many issuing roots (chains), at least 1
     * @param caTime the CA clock's current time; CA certificates cover both it and the real time
     */
    public Pki(int chains, Instant caTime) {
        try {
            this.random = new SecureRandom();
            Instant now = Instant.now();
            Instant from = (caTime.isBefore(now) ? caTime : now).minus(Duration.ofDays(1));
            Instant to = (caTime.isAfter(now) ? caTime : now).plus(CA_LIFETIME);
            String tag = Long.toHexString(random.nextLong() & 0xffffffL);

            tlsRootKey = ecKey();
            X500Name tlsRootName = name("certpilot test TLS root " + tag);
            tlsRoot = caCert(tlsRootName, tlsRootName, tlsRootKey.getPublic(), tlsRootKey, null, from, to);
            tlsServerKey = ecKey();
            tlsServer = tlsServerCert(tlsRootName, now);

            intermediateKey = ecKey();
            intermediateName = name("certpilot test intermediate " + tag);
            intermediateKeyId = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(intermediateKey.getPublic())
                    .getKeyIdentifier();
            for (int i = 0; i < chains; i++) {
                KeyPair rootKey = ecKey();
                X500Name rootName = name("certpilot test root " + tag + (i == 0 ? "" : " alt" + i));
                X509Certificate root = caCert(rootName, rootName, rootKey.getPublic(), rootKey, null, from, to);
                X509Certificate intermediate = caCert(intermediateName, rootName, intermediateKey.getPublic(),
                        rootKey, 0, from, to);
                rootKeys.add(rootKey);
                roots.add(root);
                intermediates.add(intermediate);
            }
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the test CA's keys and certificates", e);
        }
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "certpilot test CA").addRDN(BCStyle.CN, cn)
                .build();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).setBit(126);
    }

    private X509Certificate caCert(X500Name subject, X500Name issuer, PublicKey subjectKey, KeyPair issuerKey,
                                   Integer pathLen, Instant from, Instant to)
            throws GeneralSecurityException, OperatorCreationException, java.io.IOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from), Date.from(to),
                subject, subjectKey);
        b.addExtension(Extension.basicConstraints, true,
                pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                | KeyUsage.digitalSignature));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        if (pathLen != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
        }
        return sign(b, issuerKey.getPrivate(), false);
    }

    private X509Certificate tlsServerCert(X500Name issuer, Instant now)
            throws GeneralSecurityException, OperatorCreationException, java.io.IOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                name("localhost"), tlsServerKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(tlsServerKey.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(tlsRootKey.getPublic()));
        return sign(b, tlsRootKey.getPrivate(), false);
    }

    /** Signs with the JDK's provider (start-up, once) or the faster BouncyCastle one (issuance, hot path). */
    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, boolean hot)
            throws OperatorCreationException, GeneralSecurityException {
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(SIG_ALG);
        if (hot) {
            signer.setProvider(Crypto.bc());
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(signer.build(key)));
    }

    /**
     * Issues an end-entity certificate under the intermediate.
     *
     * @param key          the subject's public key
     * @param identifiers  the SANs
     * @param serial       the serial number
     * @param notBefore    start of validity
     * @param notAfter     end of validity
     * @param commonName   whether to put the first DNS name (when at most 64 characters) into the subject CN
     */
    public X509Certificate issue(PublicKey key, List<Identifier> identifiers, BigInteger serial, Instant notBefore,
                                 Instant notAfter, boolean commonName) {
        try {
            String cn = null;
            if (commonName) {
                cn = identifiers.stream().filter(i -> "dns".equals(i.type())).map(Identifier::value)
                        .filter(v -> v.length() <= 64).findFirst().orElse(null);
            }
            X500Name subject = cn == null ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0])
                    : new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(intermediateName, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, key);
            List<GeneralName> sans = new ArrayList<>();
            for (Identifier id : identifiers) {
                if ("dns".equals(id.type())) {
                    sans.add(new GeneralName(GeneralName.dNSName, id.value()));
                } else {
                    sans.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(id.value())
                            .getHostAddress()));
                }
            }
            b.addExtension(Extension.subjectAlternativeName, cn == null,
                    new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature | (key instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(intermediateKeyId));
            java.security.PrivateKey signer = intermediateSigningKey;
            if (signer == null) {
                signer = Crypto.toBc(intermediateKey.getPrivate());
                intermediateSigningKey = signer;
            }
            return sign(b, signer, true);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("certificate issuance failed", e);
        }
    }

    /** The intermediate's key identifier: the AKI of every issued certificate, first half of ARI certIDs. */
    public byte[] intermediateKeyId() {
        return intermediateKeyId.clone();
    }

    /** The issuing roots, the default chain's first. */
    public List<X509Certificate> roots() {
        return List.copyOf(roots);
    }

    /** The intermediates, one per root, in the same order. */
    public List<X509Certificate> intermediates() {
        return List.copyOf(intermediates);
    }

    /** The private key of root {@code i} (management API {@code /root-keys/}). */
    public PrivateKey rootKey(int i) {
        return rootKeys.get(i).getPrivate();
    }

    /** The intermediate's private key (management API {@code /intermediate-keys/}). */
    public PrivateKey intermediateKey() {
        return intermediateKey.getPrivate();
    }

    /** The root of the HTTPS listeners' certificate. */
    public X509Certificate tlsRoot() {
        return tlsRoot;
    }

    /** A server SSL context for the HTTPS listeners (certificate for localhost, 127.0.0.1 and ::1). */
    public SSLContext serverSslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {new FixedKeyManager(tlsServerKey.getPrivate(), tlsServer,
                tlsRoot)}, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the TLS server context", e);
        }
    }

    /** A subject key identifier value for {@code key}, as the CA computes it. */
    static SubjectKeyIdentifier keyId(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
