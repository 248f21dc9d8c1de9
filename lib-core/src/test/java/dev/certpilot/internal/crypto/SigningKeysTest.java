package dev.certpilot.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeysTest {

    private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void registerBouncyCastle() {
        // as certpilot's ACME client does (acme4j needs it)
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384"})
    void anEcKeyOfTheJdkBecomesABouncyCastleKeyThatProviderFreeJcaSignsWith(KeyType type) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
        KeyPair jdk = g.generateKeyPair();

        PrivateKey fast = SigningKeys.forSigning(jdk.getPrivate());

        assertThat(fast.getAlgorithm()).isEqualTo("ECDSA");
        assertThat(((ECPrivateKey) fast).getS()).isEqualTo(((ECPrivateKey) jdk.getPrivate()).getS());
        // what jose4j does: no provider named, the key decides
        Signature s = Signature.getInstance(type == KeyType.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA");
        s.initSign(fast);
        s.update(DATA);
        byte[] signature = s.sign();
        assertThat(s.getProvider().getName()).isEqualTo("BC");
        Signature v = Signature.getInstance(type == KeyType.EC_P256 ? "SHA256withECDSA" : "SHA384withECDSA", "SunEC");
        v.initVerify(jdk.getPublic());
        v.update(DATA);
        assertThat(v.verify(signature)).isTrue();
        assertThat(SigningKeys.forSigning(fast)).isSameAs(fast);
    }

    @Test
    void rsaKeysStayAsTheyAre() {
        PrivateKey rsa = Keys.generate(KeyType.RSA_2048).getPrivate();
        assertThat(SigningKeys.forSigning(rsa)).isSameAs(rsa);
    }
}
