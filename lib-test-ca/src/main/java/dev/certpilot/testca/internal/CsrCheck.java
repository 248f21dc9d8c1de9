package dev.certpilot.testca.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Checks a finalize CSR: well formed, signed by its key with an allowed algorithm, an allowed key (EC P-256/P-384,
 * RSA 2048-4096), and names (SANs plus subject CN) equal to the order's identifiers.
 */
final class CsrCheck {
    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512);

    private CsrCheck() {
    }

    /**
     * @return the CSR's public key
     * @throws ProblemException malformed when it cannot be parsed, badCSR for every other failure
     */
    static PublicKey check(byte[] der, Set<String> orderNames) {
        JcaPKCS10CertificationRequest csr;
        PublicKey key;
        try {
            csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(der)).setProvider(Crypto.bc());
            key = csr.getPublicKey();
        } catch (IOException | RuntimeException e) {
            throw Problem.malformed("Error parsing CSR: " + e.getMessage());
        } catch (java.security.GeneralSecurityException e) {
            throw Problem.badCsr("CSR public key cannot be read: " + e.getMessage());
        }
        checkKey(key);
        if (!SIGNATURE_ALGORITHMS.contains(csr.getSignatureAlgorithm().getAlgorithm())) {
            throw Problem.badCsr("CSR signature algorithm " + csr.getSignatureAlgorithm().getAlgorithm()
                    + " is not supported");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.bc()).build(key))) {
                throw Problem.badCsr("Bad signature on CSR");
            }
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw Problem.badCsr("Bad signature on CSR: " + e.getMessage());
        }
        Set<String> names = names(csr);
        Set<String> extra = new TreeSet<>(names);
        extra.removeAll(orderNames);
        Set<String> missing = new TreeSet<>(orderNames);
        missing.removeAll(names);
        if (!extra.isEmpty()) {
            throw Problem.badCsr("CSR contains identifiers not in the order: " + strip(extra));
        }
        if (!missing.isEmpty()) {
            throw Problem.badCsr("CSR is missing order identifiers: " + strip(missing));
        }
        return key;
    }

    private static String strip(Set<String> names) {
        return names.stream().map(n -> n.substring(n.indexOf(':') + 1)).toList().toString();
    }

    private static void checkKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048 || bits > 4096) {
                throw Problem.badCsr("CSR key is RSA " + bits + " bits; RSA keys must have 2048 to 4096 bits");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw Problem.badCsr("CSR key is EC on a " + bits + "-bit curve; only P-256 and P-384 are allowed");
            }
        } else {
            throw Problem.badCsr("CSR key type " + key.getAlgorithm() + " is not allowed");
        }
    }

    private static Set<String> names(JcaPKCS10CertificationRequest csr) {
        Set<String> names = new TreeSet<>();
        for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
            names.add(name(IETFUtils.valueToString(rdn.getFirst().getValue())));
        }
        for (var attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (var value : attribute.getAttrValues()) {
                Extensions extensions = Extensions.getInstance(value);
                GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (sans == null) {
                    continue;
                }
                for (GeneralName gn : sans.getNames()) {
                    if (gn.getTagNo() == GeneralName.dNSName) {
                        names.add("dns:" + DERIA5String.getInstance(gn.getName()).getString().toLowerCase(Locale.ROOT));
                    } else if (gn.getTagNo() == GeneralName.iPAddress) {
                        try {
                            byte[] octets = DEROctetString.getInstance(gn.getName()).getOctets();
                            names.add("ip:" + InetAddress.getByAddress(octets).getHostAddress());
                        } catch (IOException e) {
                            throw Problem.badCsr("CSR has a malformed IP address SAN");
                        }
                    } else {
                        throw Problem.badCsr("CSR has a SAN of unsupported type " + gn.getTagNo());
                    }
                }
            }
        }
        return names;
    }

    private static String name(String value) {
        var ip = dev.certpilot.testca.internal.dns.IpLiterals.parseAny(value);
        return ip != null ? "ip:" + ip.getHostAddress() : "dns:" + value.toLowerCase(Locale.ROOT);
    }
}
