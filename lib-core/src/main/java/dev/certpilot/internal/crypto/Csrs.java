package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds PKCS#10 certificate signing requests with BouncyCastle. */
public final class Csrs {

    /** RFC 5280 upper bound of a common name. */
    private static final int MAX_CN = 64;

    private Csrs() {
    }

    /**
     * A DER-encoded CSR for {@code names}, signed by {@code keys}. The first name that fits the 64-character limit of
     * a common name becomes the CN; every name is a DNS subject alternative name.
     */
    public static byte[] build(KeyPair keys, List<String> names) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        names.stream().filter(n -> n.length() <= MAX_CN).findFirst().ifPresent(cn -> subject.addRDN(BCStyle.CN, cn));
        X500Name x500 = subject.build();
        GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        try {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            String alg = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                    : "SHA256withECDSA";
            return new JcaPKCS10CertificationRequestBuilder(x500, keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                    .build(alg.endsWith("ECDSA")
                            ? new JcaContentSignerBuilder(alg).setProvider(Bc.PROVIDER).build(keys.getPrivate())
                            : new JcaContentSignerBuilder(alg).build(keys.getPrivate()))
                    .getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "cannot build the CSR", e);
        }
    }
}
