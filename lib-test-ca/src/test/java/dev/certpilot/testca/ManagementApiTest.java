package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Pebble's management API and the trust material. */
class ManagementApiTest {

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void servesRootsIntermediatesKeysAndStatus() throws Exception {
        try (TestCa ca = TestCa.builder().chains(3).start()) {
            RawAcme raw = new RawAcme(ca);
            URI m = ca.managementUrl().orElseThrow();
            assertThat(m.getScheme()).isEqualTo("https");
            for (int i = 0; i < 3; i++) {
                RawAcme.Response root = raw.get(m.resolve("/roots/" + i).toString());
                assertThat(root.status()).isEqualTo(200);
                assertThat(parse(root.body())).isEqualTo(ca.issuingRoots().get(i));
                X509Certificate intermediate = parse(raw.get(m.resolve("/intermediates/" + i).toString()).body());
                intermediate.verify(ca.issuingRoots().get(i).getPublicKey());
                assertThat(raw.get(m.resolve("/root-keys/" + i).toString()).body()).contains("PRIVATE KEY");
            }
            assertThat(raw.get(m.resolve("/roots/3").toString()).status()).isEqualTo(404);
            assertThat(raw.get(m.resolve("/intermediate-keys/0").toString()).body()).contains("PRIVATE KEY");

            Account a = Acme4j.account(Acme4j.session(ca));
            Certificate cert = Acme4j.issue(ca, a, KeyPairUtils.createECKeyPair("secp256r1"), "m.example.test");
            assertThat(cert.getAlternates()).hasSize(2);
            BigInteger serial = cert.getCertificate().getSerialNumber();
            String url = m.resolve("/cert-status-by-serial/" + serial.toString(16)).toString();
            Map<String, Object> status = JsonUtil.parseJson(raw.get(url).body());
            assertThat(status.get("Status")).isEqualTo("Valid");
            assertThat(status.get("Serial")).isEqualTo(serial.toString(16));
            cert.revoke(RevocationReason.SUPERSEDED);
            Map<String, Object> revoked = JsonUtil.parseJson(raw.get(url).body());
            assertThat(revoked.get("Status")).isEqualTo("Revoked");
            assertThat(((Number) revoked.get("Reason")).intValue()).isEqualTo(4);
            assertThat(revoked).containsKey("RevokedAt");
            assertThat(raw.get(m.resolve("/cert-status-by-serial/abc").toString()).status()).isEqualTo(404);

            String start = "2031-01-01T00:00:00Z";
            RawAcme.Response set = raw.post(m.resolve("/set-renewal-info/").toString(), "{\"serial\":\""
                    + serial.toString(16) + "\",\"start\":\"" + start + "\",\"end\":\"2031-01-02T00:00:00Z\"}",
                    "application/json");
            assertThat(set.status()).isEqualTo(200);
            var info = cert.getRenewalInfo();
            info.fetch();
            assertThat(info.getSuggestedWindowStart()).isEqualTo(Instant.parse(start));

            String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                    cert.getCertificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
            String rawAri = "{\"suggestedWindow\":{\"start\":\"2032-01-01T00:00:00Z\",\"end\":\"2032-01-02T00:00:00Z\"}}";
            RawAcme.Response pebbleStyle = raw.post(m.resolve("/set-renewal-info/").toString(), JsonUtil.toJson(
                    Map.of("Certificate", pem, "ARIResponse", rawAri)), "application/json");
            assertThat(pebbleStyle.status()).isEqualTo(200);
            info.fetch();
            assertThat(info.getSuggestedWindowStart()).isEqualTo(Instant.parse("2032-01-01T00:00:00Z"));
            assertThat(raw.post(m.resolve("/set-renewal-info/").toString(), "{\"serial\":\"ff\",\"start\":\""
                    + start + "\",\"end\":\"2031-01-02T00:00:00Z\"}", "application/json").status()).isEqualTo(404);
            assertThatThrownBy(() -> ca.setRenewalInfo(BigInteger.TEN, new RenewalWindow(Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trustMaterialAndCapabilities() throws Exception {
        try (TestCa ca = TestCa.builder().noManagement().start()) {
            assertThat(ca.managementUrl()).isEmpty();
            assertThat(ca.name()).isEqualTo("bundled");
            assertThat(ca.tlsRootPem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(ca.trustStore().getType()).isEqualTo("PKCS12");
            assertThat(ca.trustStore().size()).isEqualTo(1);
            assertThat(parse(ca.tlsRootPem())).isEqualTo(ca.trustStore().getCertificate(
                    ca.trustStore().aliases().nextElement()));
            for (Capability c : Capability.values()) {
                assertThat(ca.supports(c)).isTrue();
            }
            assertThat(ca.issuingRoots()).hasSize(2);
            assertThat(ca.dnsAddress()).isEqualTo(ca.dns().address());
        }
    }

    @Test
    void externalResolverMeansNoOwnDnsServer() {
        try (TestDnsServer dns = TestDnsServer.builder().noManagement().start();
             TestCa ca = TestCa.builder().dnsResolver(dns.address()).start()) {
            assertThat(ca.dnsAddress()).isEqualTo(dns.address());
            assertThat(ca.dnsServer()).isEmpty();
            assertThatThrownBy(ca::dns).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("external resolver");
        }
    }

    @Test
    void startsFastAndClosesIdempotently() {
        TestCa.start().close();
        long start = System.nanoTime();
        TestCa ca = TestCa.start();
        long millis = (System.nanoTime() - start) / 1_000_000;
        ca.close();
        ca.close();
        assertThat(millis).isLessThan(1000);
    }

    @Test
    void secretsStayOutOfToString() {
        String macKey = "c2VjcmV0LW1hYy1rZXktdGhhdC1tdXN0LW5vdC1sZWFr";
        try (TestCa ca = TestCa.builder().eab("kid-secret", macKey).noManagement().start()) {
            assertThat(ca.toString()).doesNotContain(macKey);
            assertThat(ca.dns().toString()).doesNotContain(macKey);
        }
        assertThat(new dev.certpilot.testca.internal.CaSettings(java.net.InetAddress.getLoopbackAddress(), 0, 0,
                java.time.Clock.systemUTC(), 1, 0, 0, java.time.Duration.ZERO, java.time.Duration.ZERO, 1,
                java.time.Duration.ZERO, Map.of("kid", macKey), false, Map.of("classic", java.time.Duration.ofDays(1)),
                "classic", RateLimits.none(), new java.net.InetSocketAddress(0), 0, java.time.Duration.ofDays(1),
                java.time.Duration.ofDays(1), java.time.Duration.ofDays(1), 1, java.time.Duration.ofSeconds(1), 1024,
                java.time.Duration.ZERO)
                .toString()).contains("kid").doesNotContain(macKey);
    }

    @Test
    void builderRefusesContradictions() {
        assertThatThrownBy(() -> TestCa.builder().eabRequired(true).start())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestCa.builder().defaultProfile("missing").start())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestCa.builder().nonceRejectPercent(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestCa.builder().eab("k", "!!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestCa.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenewalWindow(Instant.EPOCH, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
