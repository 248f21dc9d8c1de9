package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The annotation injects one CA per class. */
@WithTestCa(customizer = WithTestCaTest.Seeded.class)
class WithTestCaTest {
    private static final Set<URI> SEEN = ConcurrentHashMap.newKeySet();

    /** Customizer used through the annotation. */
    static final class Seeded implements java.util.function.Consumer<TestCa.Builder> {
        @Override
        public void accept(TestCa.Builder b) {
            b.seed(11).chains(1);
        }
    }

    @BeforeAll
    static void before(TestCa ca) {
        SEEN.add(ca.directoryUrl());
    }

    @Test
    void injectsTheCa(TestCa ca, AcmeTestEnvironment env) throws Exception {
        assertThat(env).isSameAs(ca);
        assertThat(ca.issuingRoots()).as("customizer applied").hasSize(1);
        SEEN.add(ca.directoryUrl());
        Acme4j.issue(ca, Acme4j.account(Acme4j.session(ca)),
                org.shredzone.acme4j.util.KeyPairUtils.createECKeyPair("secp256r1"), "ext.example.test");
    }

    @Test
    void injectsItsDnsServer(TestDnsServer dns, TestDnsControl control, TestCa ca) {
        assertThat(dns).isSameAs(control).isSameAs(ca.dns());
        SEEN.add(ca.directoryUrl());
    }

    @AfterAll
    static void oneCaForTheClass() {
        assertThat(SEEN).hasSize(1);
    }

    /** Per-test scope. */
    @Nested
    @WithTestCa(perTest = true)
    class PerTest {
        private final Set<URI> seen = ConcurrentHashMap.newKeySet();

        @Test
        void first(TestCa ca) {
            assertThat(SEEN).doesNotContain(ca.directoryUrl());
        }

        @Test
        void second(TestCa ca) {
            assertThat(seen.add(ca.directoryUrl())).isTrue();
        }
    }
}
