package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyType;
import dev.certpilot.internal.DomainNames;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A caller's CSR, parsed and checked: PEM, signed by its own key, an accepted key type, and DNS names only.
 *
 * @param names   the names (common name first if it is one of them, then subject alternative names), normalized
 * @param keyType the key type of the CSR's public key
 * @param der     the DER encoding, sent to the CA as is
 */
public record ParsedCsr(List<String> names, KeyType keyType, byte[] der) {

    /** The largest PEM accepted. */
    public static final int MAX_PEM_LENGTH = 64 * 1024;

    /** Copies the components. */
    public ParsedCsr {
        names = List.copyOf(names);
        der = der.clone();
    }

    /** A copy of the DER encoding. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /**
     * Parses and checks a PEM-encoded PKCS#10 request.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} saying what is wrong with it
     */
    public static ParsedCsr parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw invalid("the CSR is empty");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw invalid("the CSR is larger than " + MAX_PEM_LENGTH + " characters");
        }
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (!(o instanceof PKCS10CertificationRequest r)) {
                throw invalid("the text is not a PEM 'CERTIFICATE REQUEST'");
            }
            csr = r;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CertpilotException c) {
                throw c;
            }
            throw invalid("the CSR cannot be parsed (" + e.getClass().getSimpleName() + ")");
        }
        PublicKey key;
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
            key = jca.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw invalid("the CSR's signature does not verify with its public key");
            }
        } catch (CertpilotException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("the CSR's key or signature cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
        KeyType type = KeyType.of(key).orElseThrow(() -> invalid(
                "the CSR's key is not accepted (EC P-256/P-384 or RSA 2048/3072/4096 only)"));
        Set<String> names = new LinkedHashSet<>();
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length > 0) {
            names.add(DomainNames.certificateName(IETFUtils.valueToString(cns[0].getFirst().getValue())));
        }
        for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions ext = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
            if (sans == null) {
                continue;
            }
            for (GeneralName n : sans.getNames()) {
                if (n.getTagNo() != GeneralName.dNSName) {
                    throw invalid("the CSR has a subject alternative name that is not a DNS name");
                }
                names.add(DomainNames.certificateName(n.getName().toString()));
            }
        }
        if (names.isEmpty()) {
            throw invalid("the CSR names no DNS name");
        }
        try {
            return new ParsedCsr(List.copyOf(names), type, csr.getEncoded());
        } catch (IOException e) {
            throw invalid("the CSR cannot be encoded");
        }
    }

    private static CertpilotException invalid(String why) {
        return new CertpilotException(ErrorCode.INVALID_REQUEST, "invalid CSR: " + why);
    }
}
