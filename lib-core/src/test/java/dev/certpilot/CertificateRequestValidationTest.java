package dev.certpilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.internal.crypto.Csrs;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateRequestValidationTest {

    private static final String LONG_LABEL = "a".repeat(64);

    static String csrFor(String... names) {
        KeyPair pair = Keys.generate(KeyType.EC_P256);
        return Pem.block("CERTIFICATE REQUEST", Csrs.build(pair, List.of(names)));
    }

    static String rsa1024Csr() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return Pem.block("CERTIFICATE REQUEST", Csrs.build(g.generateKeyPair(), List.of("weak.example.com")));
    }

    static String tamperedCsr() {
        String pem = csrFor("tampered.example.com");
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 5] ^= 0x01;
        return Pem.block("CERTIFICATE REQUEST", der);
    }

    static Stream<Arguments> badRequests() throws Exception {
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "n" + i + ".example.com").toList();
        Map<String, String> manyLabels = new HashMap<>();
        IntStream.range(0, 65).forEach(i -> manyLabels.put("k" + i, "v"));
        String csrOther = csrFor("other.example.com");
        String weakCsr = rsa1024Csr();
        String tampered = tamperedCsr();
        return Stream.of(
                bad("no names", () -> CertificateRequest.forDomains().build(), "at least one name"),
                bad("blank name", () -> CertificateRequest.forDomains(" ").build(), "empty"),
                bad("empty name", () -> CertificateRequest.forDomains("").build(), "empty"),
                bad("only a dot", () -> CertificateRequest.forDomains(".").build(), "empty"),
                bad("single label", () -> CertificateRequest.forDomains("localhost").build(), "at least two labels"),
                bad("IPv4", () -> CertificateRequest.forDomains("192.0.2.1").build(), "IP addresses"),
                bad("IPv6", () -> CertificateRequest.forDomains("2001:db8::1").build(), "IP addresses"),
                bad("bracketed IPv6", () -> CertificateRequest.forDomains("[::1]").build(), "IP addresses"),
                bad("wildcard in middle", () -> CertificateRequest.forDomains("a.*.example.com").build(), "leftmost"),
                bad("double wildcard", () -> CertificateRequest.forDomains("*.*.example.com").build(), "leftmost"),
                bad("partial wildcard", () -> CertificateRequest.forDomains("w*.example.com").build(), "leftmost"),
                bad("wildcard suffix", () -> CertificateRequest.forDomains("*example.com").build(), "leftmost"),
                bad("bare wildcard", () -> CertificateRequest.forDomains("*").build(), "leftmost"),
                bad("wildcard over TLD", () -> CertificateRequest.forDomains("*.com").build(), "top-level"),
                bad("empty label", () -> CertificateRequest.forDomains("a..example.com").build(), "empty label"),
                bad("leading dot", () -> CertificateRequest.forDomains(".example.com").build(), "empty label"),
                bad("two trailing dots", () -> CertificateRequest.forDomains("example.com..").build(), "empty label"),
                bad("label too long", () -> CertificateRequest.forDomains(LONG_LABEL + ".example.com").build(),
                        "longer than 63"),
                bad("name too long", () -> CertificateRequest.forDomains(
                        (("a".repeat(60) + ".").repeat(5)) + "example.com").build(), "longer than 253"),
                bad("underscore", () -> CertificateRequest.forDomains("my_host.example.com").build(), "may contain only"),
                bad("space inside", () -> CertificateRequest.forDomains("my host.example.com").build(), "may contain only"),
                bad("leading hyphen", () -> CertificateRequest.forDomains("-host.example.com").build(), "may contain only"),
                bad("trailing hyphen", () -> CertificateRequest.forDomains("host-.example.com").build(), "may contain only"),
                bad("slash", () -> CertificateRequest.forDomains("example.com/path").build(), "may contain only"),
                bad("URL", () -> CertificateRequest.forDomains("https://example.com").build(), "IP addresses"),
                bad("email", () -> CertificateRequest.forDomains("user@example.com").build(), "may contain only"),
                bad("numeric TLD", () -> CertificateRequest.forDomains("example.123").build(), "numeric"),
                bad("control character", () -> CertificateRequest.forDomains("exa\u0000mple.com").build(), "invalid name"),
                bad("101 names", () -> CertificateRequest.forDomains(tooMany).build(), "at most 100"),
                bad("null name", () -> CertificateRequest.forDomains(java.util.Arrays.asList("a.com", null)).build(),
                        "a name is required"),
                bad("bad issuer name", () -> CertificateRequest.forDomains("a.example.com").issuer("bad issuer").build(),
                        "issuer 'bad issuer'"),
                bad("empty issuer", () -> CertificateRequest.forDomains("a.example.com").issuer("").build(), "issuer ''"),
                bad("bad profile", () -> CertificateRequest.forDomains("a.example.com").profile("short lived").build(),
                        "profile"),
                bad("bad label key", () -> CertificateRequest.forDomains("a.example.com").label("bad key", "v").build(),
                        "label key 'bad key'"),
                bad("empty label key", () -> CertificateRequest.forDomains("a.example.com").label("", "v").build(),
                        "label key ''"),
                bad("label value too long", () -> CertificateRequest.forDomains("a.example.com")
                        .label("k", "v".repeat(257)).build(), "label 'k'"),
                bad("label value control char", () -> CertificateRequest.forDomains("a.example.com")
                        .label("k", "a\nb").build(), "label 'k'"),
                bad("too many labels", () -> CertificateRequest.forDomains("a.example.com").labels(manyLabels).build(),
                        "at most 64 labels"),
                bad("blank tenant", () -> CertificateRequest.forDomains("a.example.com").tenant(" ").build(),
                        "tenant must not be blank"),
                bad("tenant too long", () -> CertificateRequest.forDomains("a.example.com").tenant("t".repeat(257))
                        .build(), "tenant is longer"),
                bad("requestedBy control", () -> CertificateRequest.forDomains("a.example.com")
                        .requestedBy("bob\r\n").build(), "requestedBy"),
                bad("bad target", () -> CertificateRequest.forDomains("a.example.com").distributeTo("no/slash").build(),
                        "target 'no/slash'"),
                bad("too many targets", () -> CertificateRequest.forDomains("a.example.com").distributeTo(
                        IntStream.range(0, 33).mapToObj(i -> "t" + i).toArray(String[]::new)).build(), "at most 32"),
                bad("CSR not PEM", () -> CertificateRequest.forCsr("hello").build(), "not a PEM"),
                bad("CSR empty", () -> CertificateRequest.forCsr("").build(), "CSR is empty"),
                bad("CSR is a certificate block", () -> CertificateRequest.forCsr(
                        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").build(), "CSR"),
                bad("CSR too large", () -> CertificateRequest.forCsr("x".repeat(70_000)).build(), "larger than"),
                bad("CSR names differ", () -> CertificateRequest.forDomains("a.example.com").csr(csrOther).build(),
                        "they must be the same"),
                bad("CSR weak key", () -> CertificateRequest.forCsr(weakCsr).build(), "not accepted"),
                bad("CSR bad signature", () -> CertificateRequest.forCsr(tampered).build(), "signature"),
                bad("CSR with reuseKey", () -> CertificateRequest.forCsr(csrOther).reuseKey(true).build(), "reuseKey"),
                bad("CSR key type mismatch", () -> CertificateRequest.forCsr(csrOther).keyType(KeyType.RSA_2048).build(),
                        "keyType RSA_2048"));
    }

    private static Arguments bad(String what, Supplier<CertificateRequest> build, String messagePart) {
        return Arguments.of(what, build, messagePart);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedWithInvalidRequestNamingTheProblem(String what, Supplier<CertificateRequest> build,
                                                             String messagePart) {
        assertThatThrownBy(build::get)
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void tableHasAtLeastFortyCases() throws Exception {
        assertThat(badRequests().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void namesAreNormalized() {
        CertificateRequest r = CertificateRequest.forDomains("WWW.Example.COM.", "*.example.com", "www.example.com",
                "bücher.example", "xn--bcher-kva.example").build();
        assertThat(r.names()).containsExactly("www.example.com", "*.example.com", "xn--bcher-kva.example");
        assertThat(r.hasWildcard()).isTrue();
        assertThat(r.keyType()).isEqualTo(KeyType.EC_P256);
        assertThat(r.autoRenew()).isTrue();
    }

    @Test
    void hundredNamesAreAccepted() {
        List<String> names = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> names.add("n" + i + ".example.com"));
        assertThat(CertificateRequest.forDomains(names).build().names()).hasSize(100);
    }

    @Test
    void csrRequestTakesNamesAndKeyTypeFromTheCsr() {
        String csr = csrFor("a.example.com", "*.a.example.com");
        CertificateRequest r = CertificateRequest.forCsr(csr).build();
        assertThat(r.names()).containsExactly("a.example.com", "*.a.example.com");
        assertThat(r.keyType()).isEqualTo(KeyType.EC_P256);
        assertThat(CertificateRequest.forDomains("*.A.example.com", "a.example.com").csr(csr).build().names())
                .containsExactlyInAnyOrder("a.example.com", "*.a.example.com");
    }

    @Test
    void labelsTenantAndTargetsAreKept() {
        CertificateRequest r = CertificateRequest.forDomains("a.example.com").label("team", "web")
                .tenant("acme").requestedBy("alice").distributeTo("nginx", "nginx", "jks").profile("tlsserver")
                .issuer("le").autoRenew(false).reuseKey(true).keyType(KeyType.RSA_3072).build();
        assertThat(r.labels()).containsEntry("team", "web");
        assertThat(r.tenant()).contains("acme");
        assertThat(r.targets()).containsExactly("nginx", "jks");
        assertThat(r.profile()).contains("tlsserver");
        assertThat(r.keyType()).isEqualTo(KeyType.RSA_3072);
    }
}
