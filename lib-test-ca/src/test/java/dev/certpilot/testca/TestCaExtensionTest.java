package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered programmatically, per test, with a customizer. */
class TestCaExtensionTest {
    private static final Set<URI> SEEN = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    static final TestCaExtension CA = TestCaExtension.perTest()
            .customize(b -> b.rateLimits(RateLimits.letsEncrypt()))
            .customize(b -> b.defaultValidity(java.time.Duration.ofDays(10)));

    @Test
    void first(TestCa ca) {
        assertThat(CA.get()).isSameAs(ca);
        SEEN.add(ca.directoryUrl());
    }

    @Test
    void second() throws Exception {
        TestCa ca = CA.get();
        SEEN.add(ca.directoryUrl());
        var cert = Acme4j.issue(ca, Acme4j.account(Acme4j.session(ca)),
                org.shredzone.acme4j.util.KeyPairUtils.createECKeyPair("secp256r1"), "reg.example.test");
        var leaf = cert.getCertificate();
        assertThat(java.time.Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(java.time.Duration.ofDays(10));
    }

    @AfterAll
    static void aCaPerTest() {
        assertThat(SEEN).hasSize(2);
    }
}
