package dev.certpilot.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.distribution.TestCertificates;
import dev.certpilot.spi.Delivery;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Selection and swapping rules, proven with real handshakes against the JDK's TLS servers. */
class CertpilotKeyManagerTest {

    private final TlsProbe probe = TlsProbe.trusting(List.of(TestCertificates.root()));

    @ParameterizedTest
    @EnumSource(value = TlsServers.class, names = {"JDK_HTTPS_SERVER", "JDK_SSL_SERVER_SOCKET"})
    void exactNameThenWildcardThenDefault(TlsServers kind) throws Exception {
        CertpilotKeyManager km = CertpilotKeyManager.builder().defaultServerName("fallback.test").build();
        Delivery apex = TestCertificates.delivery("apex", 1, "example.test", "api.example.test");
        Delivery wildcard = TestCertificates.delivery("wild", 1, "*.example.test");
        Delivery fallback = TestCertificates.delivery("fallback", 1, "fallback.test");
        List.of(apex, wildcard, fallback).forEach(km::deliver);

        try (TlsServers.Running server = kind.start(km)) {
            assertThat(probe.handshake(server.port(), "example.test")).isEqualTo(apex.leaf());
            assertThat(probe.handshake(server.port(), "api.example.test")).isEqualTo(apex.leaf());
            assertThat(probe.handshake(server.port(), "www.example.test")).isEqualTo(wildcard.leaf());
            // a wildcard covers one label only: the default answers (and the client rejects its name)
            assertThatThrownBy(() -> probe.handshake(server.port(), "a.b.example.test"))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(probe.handshake(server.port(), null)).isEqualTo(fallback.leaf());
            TlsProbe.Answer answer = probe.get(server.port(), "www.example.test", "/");
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("hello from " + kind.name());
        }
        assertThat(km.certificateFor("a.b.example.test")).contains(fallback.leaf());
        assertThat(km.certificateFor("WWW.Example.TEST.")).contains(wildcard.leaf());
        assertThat(km.certificateFor("EXAMPLE.test")).contains(apex.leaf());
        // exact before wildcard also when the client sends capitals
        assertThat(km.certificateFor("API.example.test")).contains(apex.leaf());
        assertThat(km.certificateFor("api.example.test.")).contains(apex.leaf());
    }

    @Test
    void withoutDefaultAnUnknownNameOrMissingSniFailsTheHandshake() throws Exception {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        km.deliver(TestCertificates.delivery("c1", 1, "example.test"));
        try (TlsServers.Running server = TlsServers.JDK_SSL_SERVER_SOCKET.start(km)) {
            assertThatThrownBy(() -> probe.handshake(server.port(), "other.test"))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> probe.handshake(server.port(), null)).isInstanceOf(SSLHandshakeException.class);
            assertThat(probe.handshake(server.port(), "example.test").getSubjectX500Principal().getName())
                    .isEqualTo("CN=example.test");
        }
        assertThat(km.certificateFor("other.test")).isEmpty();
    }

    @Test
    void oneNameServedWithAnEcAndAnRsaCertificateByTheClientsCipherSuites() throws Exception {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        Delivery rsa = TestCertificates.delivery("rsa", 1, TestCertificates.rsa(), true, false, "example.test");
        Delivery ec = TestCertificates.delivery("ec", 1, TestCertificates.ec(), true, false, "example.test");
        km.deliver(rsa);
        km.deliver(ec);
        try (TlsServers.Running server = TlsServers.JDK_HTTPS_SERVER.start(km)) {
            assertThat(probe.tls12("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").handshake(server.port(), "example.test"))
                    .isEqualTo(rsa.leaf());
            assertThat(probe.tls12("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                    .handshake(server.port(), "example.test")).isEqualTo(ec.leaf());
        }
        assertThat(km.getServerAliases("RSA", null)).containsExactly("rsa#v1");
        assertThat(km.getServerAliases("EC", null)).containsExactly("ec#v1");
        assertThat(km.getServerAliases("EC_EC", null)).containsExactly("ec#v1");
        assertThat(km.getServerAliases("DH_RSA", null)).isNull();
    }

    @Test
    void renewalIsServedOnTheNextHandshakeWithoutRestartAndOlderVersionsAreIgnored() throws Exception {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        Delivery v1 = TestCertificates.delivery("c1", 1, "example.test", "*.example.test");
        Delivery v2 = TestCertificates.delivery("c1", 2, "example.test", "*.example.test");
        assertThat(km.deliver(v1).actions()).containsExactly("serving [example.test, *.example.test] (c1 v1, serial "
                + v1.leaf().getSerialNumber().toString(16) + ")");
        try (TlsServers.Running server = TlsServers.JDK_HTTPS_SERVER.start(km)) {
            assertThat(probe.handshake(server.port(), "www.example.test")).isEqualTo(v1.leaf());
            assertThat(km.deliver(v2).actions().get(0)).endsWith(", replacing v1");
            assertThat(probe.handshake(server.port(), "www.example.test")).isEqualTo(v2.leaf());
            assertThat(probe.handshake(server.port(), "example.test")).isEqualTo(v2.leaf());

            assertThat(km.deliver(v1).actions().get(0)).endsWith(": v2 is served already");
            assertThat(probe.handshake(server.port(), "example.test")).isEqualTo(v2.leaf());
        }
        assertThat(km.size()).isEqualTo(1);
    }

    @Test
    void theReplacedVersionStaysConsistentByAliasUntilTheNextSwap() {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        KeyPair k1 = TestCertificates.ec();
        KeyPair k2 = TestCertificates.ec();
        Delivery v1 = TestCertificates.delivery("c1", 1, k1, true, false, "example.test");
        km.deliver(v1);
        String alias = km.getServerAliases("EC", null)[0];
        // a handshake chose v1's alias; v2 is installed before it asks for chain and key
        km.deliver(TestCertificates.delivery("c1", 2, k2, true, false, "example.test"));
        assertThat(km.getCertificateChain(alias)[0]).isEqualTo(v1.leaf());
        assertThat(km.getPrivateKey(alias)).isEqualTo(k1.getPrivate());
        assertThat(km.getServerAliases("EC", null)).containsExactly("c1#v2");

        km.deliver(TestCertificates.delivery("c1", 3, TestCertificates.ec(), true, false, "example.test"));
        assertThat(km.getCertificateChain(alias)).isNull();
        assertThat(km.getPrivateKey(alias)).isNull();
        assertThat(km.getPrivateKey("c1#v2")).isEqualTo(k2.getPrivate());
    }

    @Test
    void chainsAreCopies() {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        Delivery d = TestCertificates.delivery("c1", 1, "example.test");
        km.deliver(d);
        X509Certificate[] chain = km.getCertificateChain("c1#v1");
        chain[0] = null;
        assertThat(km.getCertificateChain("c1#v1")).containsExactlyElementsOf(d.chain());
    }

    @Test
    void certificateWithoutKeyIsIgnoredAndDryRunChangesNothing() {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        Delivery byoCsr = TestCertificates.delivery("byo", 1, TestCertificates.ec(), false, false, "example.test");
        assertThat(km.deliver(byoCsr).actions().get(0)).startsWith("ignored [example.test] (byo v1")
                .endsWith("no private key (certificate from the caller's CSR)");
        Delivery dry = TestCertificates.dryRun(TestCertificates.delivery("c1", 1, "example.test"));
        assertThat(km.deliver(dry).actions().get(0)).startsWith("would serve [example.test] (c1 v1");
        assertThat(km.size()).isZero();
        assertThat(km.certificateFor("example.test")).isEmpty();
    }

    @Test
    void removeStopsServingAndTheNewestCertificateForANameWins() {
        CertpilotKeyManager km = CertpilotKeyManager.create();
        Delivery older = TestCertificates.delivery("a", 1, "example.test");
        Delivery newer = TestCertificates.delivery("b", 1, "example.test", "www.example.test");
        km.deliver(older);
        km.deliver(newer);
        assertThat(km.certificateFor("example.test")).contains(newer.leaf());
        assertThat(km.remove("b")).isTrue();
        assertThat(km.remove("b")).isFalse();
        assertThat(km.certificateFor("example.test")).contains(older.leaf());
        assertThat(km.certificateFor("www.example.test")).isEmpty();
        assertThat(km.getPrivateKey("b#v1")).isNull();
    }

    @Test
    void factoriesClientSideAndToString() throws Exception {
        CertpilotKeyManager km = CertpilotKeyManager.builder().name("edge").defaultServerName("Example.Test").build();
        Delivery d = TestCertificates.delivery("c1", 1, "example.test");
        km.deliver(d);
        assertThat(km.name()).isEqualTo("edge");
        assertThat(km.keyManagerFactory().getKeyManagers()).containsExactly((KeyManager) km);
        assertThat(km.sslContext().getProtocol()).isEqualTo("TLS");
        assertThat(km.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(km.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(km.getClientAliases("EC", null)).isNull();
        assertThat(km.chooseEngineServerAlias("EC", null, null)).isEqualTo("c1#v1");
        assertThat(km.toString()).isEqualTo("CertpilotKeyManager[edge, certificates=1, default=example.test]")
                .doesNotContain(Base64.getEncoder().encodeToString(d.privateKey().orElseThrow().getEncoded()));
        assertThatThrownBy(() -> CertpilotKeyManager.builder().defaultServerName("not a name"))
                .hasMessageContaining("invalid name");
    }
}
