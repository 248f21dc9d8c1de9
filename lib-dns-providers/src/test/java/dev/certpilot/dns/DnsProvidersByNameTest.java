package dev.certpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertpilotException;
import dev.certpilot.DnsProviders;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.acmedns.AcmeDnsProvider;
import dev.certpilot.dns.azuredns.AzureDnsProvider;
import dev.certpilot.dns.challtestsrv.ChallTestSrvDnsProvider;
import dev.certpilot.dns.cloudflare.CloudflareDnsProvider;
import dev.certpilot.dns.desec.DesecDnsProvider;
import dev.certpilot.dns.digitalocean.DigitalOceanDnsProvider;
import dev.certpilot.dns.dnsimple.DnsimpleDnsProvider;
import dev.certpilot.dns.exec.ExecDnsProvider;
import dev.certpilot.dns.exoscale.ExoscaleDnsProvider;
import dev.certpilot.dns.gandiv5.GandiDnsProvider;
import dev.certpilot.dns.gcloud.GoogleCloudDnsProvider;
import dev.certpilot.dns.godaddy.GoDaddyDnsProvider;
import dev.certpilot.dns.hetzner.HetznerDnsProvider;
import dev.certpilot.dns.hetznerv1.HetznerV1DnsProvider;
import dev.certpilot.dns.httpreq.HttpReqDnsProvider;
import dev.certpilot.dns.linode.LinodeDnsProvider;
import dev.certpilot.dns.namecheap.NamecheapDnsProvider;
import dev.certpilot.dns.ovh.OvhDnsProvider;
import dev.certpilot.dns.pdns.PowerDnsProvider;
import dev.certpilot.dns.porkbun.PorkbunDnsProvider;
import dev.certpilot.dns.rfc2136.Rfc2136DnsProvider;
import dev.certpilot.dns.route53.Route53DnsProvider;
import dev.certpilot.dns.vultr.VultrDnsProvider;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderFactory;
import dev.certpilot.spi.ProviderOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every adapter is found by name through {@link DnsProviders#byName} and refuses bad properties safely. */
class DnsProvidersByNameTest {

    private static final String SECRET = "s3cr3t-Value-Never-Shown";

    @TempDir
    static Path dir;
    private static Path hook;
    private static Path googleKey;

    @BeforeAll
    static void makeHook() throws Exception {
        hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        googleKey = dir.resolve("gcloud-key.json");
        Files.writeString(googleKey, """
                {"type": "service_account", "project_id": "my-project-123", "private_key_id": "k1",
                 "private_key": "%s", "client_email": "dns@my-project-123.iam.gserviceaccount.com",
                 "token_uri": "https://oauth2.googleapis.com/token"}""".formatted(pem));
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("cloudflare", Map.of("dnsApiToken", SECRET), CloudflareDnsProvider.class),
                Arguments.of("route53", Map.of("accessKeyId", "AKIAIOSFODNN7EXAMPLE", "secretAccessKey", SECRET,
                        "sessionToken", SECRET + "-token", "region", "eu-central-1", "hostedZoneId", "Z1D633PJN98FT9",
                        "privateZone", "false"), Route53DnsProvider.class),
                Arguments.of("gcloud", Map.of("serviceAccountFile", googleKey.toString(), "project", "my-project-123",
                        "zoneId", "example-com", "allowPrivateZone", "true", "tokenUrl", "https://oauth2.googleapis.com/token"),
                        GoogleCloudDnsProvider.class),
                Arguments.of("azuredns", Map.of("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47",
                        "clientId", "4b4f2a3c-8e5d-4c1b-9a7f-0d2e6c8b1a93", "clientSecret", SECRET,
                        "subscriptionId", "8f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f", "resourceGroup", "dns-rg",
                        "zoneName", "example.com", "environment", "public", "privateZone", "false",
                        "authorityHost", "https://login.microsoftonline.com"), AzureDnsProvider.class),
                Arguments.of("ovh", Map.of("endpoint", "ovh-eu", "applicationKey", "7kbG7Bk7S9Nt7ZSV",
                        "applicationSecret", SECRET, "consumerKey", SECRET + "-ck", "httpTimeout", "60"),
                        OvhDnsProvider.class),
                Arguments.of("namecheap", Map.of("apiUser", "certpilot", "apiKey", SECRET, "sandbox", "true",
                        "clientIp", "192.0.2.45", "clientIpUrl", "https://dynamicdns.park-your-domain.com/getip"),
                        NamecheapDnsProvider.class),
                Arguments.of("godaddy", Map.of("apiKey", SECRET, "apiSecret", SECRET + "-secret",
                        "baseUrl", "https://api.ote-godaddy.com"), GoDaddyDnsProvider.class),
                Arguments.of("exoscale", Map.of("apiKey", "EXO29147e9f89102b7ac1e88514", "apiSecret", SECRET,
                        "endpoint", "https://api-de-fra-1.exoscale.com/v2"), ExoscaleDnsProvider.class),
                Arguments.of("rfc2136", Map.of("nameserver", "127.0.0.1:5353", "tsigKey", "acme",
                        "tsigSecret", "c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "zones", "example.test"),
                        Rfc2136DnsProvider.class),
                Arguments.of("pdns", Map.of("apiUrl", "http://127.0.0.1:8081", "apiKey", SECRET,
                        "serverName", "localhost", "httpTimeout", "5"), PowerDnsProvider.class),
                Arguments.of("acme-dns", Map.of("apiBase", "http://127.0.0.1:4443",
                        "storagePath", dir.resolve("accounts.json").toString()), AcmeDnsProvider.class),
                Arguments.of("exec", Map.of("path", hook.toString(), "timeout", "30"), ExecDnsProvider.class),
                Arguments.of("httpreq", Map.of("endpoint", "http://127.0.0.1:9090", "username", "u",
                        "password", SECRET), HttpReqDnsProvider.class),
                Arguments.of("challtestsrv", Map.of("managementUrl", "http://127.0.0.1:8055"),
                        ChallTestSrvDnsProvider.class),
                Arguments.of("digitalocean", Map.of("authToken", SECRET, "apiUrl", "http://127.0.0.1:8080",
                        "httpTimeout", "5"), DigitalOceanDnsProvider.class),
                Arguments.of("hetzner", Map.of("apiKey", SECRET, "baseUrl", "http://127.0.0.1:8080"),
                        HetznerDnsProvider.class),
                Arguments.of("hetznerv1", Map.of("apiToken", SECRET, "baseUrl", "http://127.0.0.1:8080/v1",
                        "httpTimeout", "10"), HetznerV1DnsProvider.class),
                Arguments.of("gandiv5", Map.of("personalAccessToken", SECRET), GandiDnsProvider.class),
                Arguments.of("linode", Map.of("token", SECRET, "httpTimeout", "10"), LinodeDnsProvider.class),
                Arguments.of("porkbun", Map.of("apiKey", "pk1_" + SECRET, "secretApiKey", SECRET),
                        PorkbunDnsProvider.class),
                Arguments.of("dnsimple", Map.of("oauthToken", SECRET, "accountId", "1010",
                        "baseUrl", "https://api.sandbox.dnsimple.com"), DnsimpleDnsProvider.class),
                Arguments.of("desec", Map.of("token", SECRET), DesecDnsProvider.class),
                Arguments.of("vultr", Map.of("apiKey", SECRET), VultrDnsProvider.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void createsTheProviderByName(String name, Map<String, String> props, Class<?> type) {
        DnsChallengeProvider p = DnsProviders.byName(name, props);
        assertThat(p).isInstanceOf(type);
        assertThat(p.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void unknownPropertyIsInvalidRequestNamingItButNoValue(String name, Map<String, String> props, Class<?> type) {
        Map<String, String> withTypo = new HashMap<>(props);
        withTypo.put("apiTokn", SECRET);
        assertThatThrownBy(() -> DnsProviders.byName(name, withTypo))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("apiTokn").doesNotContain(SECRET);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void everyOptionIsDocumented(String name, Map<String, String> props, Class<?> type) {
        DnsProviderFactory factory = DnsProviders.factory(name).orElseThrow();
        assertThat(factory.options()).allSatisfy((ProviderOption o) -> assertThat(o.description()).isNotBlank());
        assertThat(factory.options()).extracting(ProviderOption::name).containsAll(props.keySet());
    }

    @Test
    void everyAdapterIsRegistered() {
        assertThat(DnsProviders.names()).contains("acme-dns", "challtestsrv", "cloudflare", "exec", "httpreq", "pdns",
                "rfc2136");
    }

    @Test
    void gcloudTakesTheKeyInlineOrAsAFileButNotBoth() throws Exception {
        String json = Files.readString(googleKey);
        assertThat(DnsProviders.byName("gcloud", Map.of("serviceAccount", json)))
                .isInstanceOf(GoogleCloudDnsProvider.class);
        assertThatThrownBy(() -> DnsProviders.byName("gcloud", Map.of("serviceAccount", json,
                "serviceAccountFile", googleKey.toString()))).hasMessageContaining("only one of them");
        assertThatThrownBy(() -> DnsProviders.byName("gcloud", Map.of("serviceAccount", "{\"private_key\": \""
                + SECRET + "\", \"client_email\": \"a@b\"}")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("serviceAccount").doesNotContain(SECRET));
    }

    @Test
    void azurePrivateZonesAreRefusedByName() {
        assertThatThrownBy(() -> DnsProviders.byName("azuredns", Map.of("tenantId", "t", "clientId", "c",
                "clientSecret", SECRET, "subscriptionId", "s", "privateZone", "true")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("privateZone", "not supported").doesNotContain(SECRET));
    }

    @Test
    void missingRequiredPropertyIsNamed() {
        assertThatThrownBy(() -> DnsProviders.byName("pdns", Map.of("apiUrl", "http://127.0.0.1:8081")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("apiKey");
                });
    }

    @Test
    void cloudflareNeedsSomeCredentials() {
        assertThatThrownBy(() -> DnsProviders.byName("cloudflare", Map.of()))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.getMessage()).contains("dnsApiToken"));
        assertThat(DnsProviders.byName("cloudflare", Map.of("apiToken", SECRET)))
                .isInstanceOf(CloudflareDnsProvider.class);
        assertThat(DnsProviders.byName("cloudflare", Map.of("apiEmail", "a@example.com", "apiKey", SECRET)))
                .isInstanceOf(CloudflareDnsProvider.class);
    }

    @Test
    void invalidValuesNameThePropertyAndHideSecrets() {
        assertThatThrownBy(() -> DnsProviders.byName("rfc2136", Map.of("nameserver", "127.0.0.1",
                "tsigKey", "acme", "tsigSecret", "not base64 " + SECRET)))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("tsigSecret").doesNotContain(SECRET));
        assertThatThrownBy(() -> DnsProviders.byName("pdns", Map.of("apiUrl", "ftp://x", "apiKey", SECRET)))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("apiUrl").doesNotContain(SECRET));
        assertThatThrownBy(() -> DnsProviders.byName("httpreq", Map.of("endpoint", "http://127.0.0.1:1",
                "httpTimeout", "soon")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("httpTimeout", "soon"));
        assertThatThrownBy(() -> DnsProviders.byName("exec", Map.of("path", hook.toString(), "mode", "RAW")))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("mode", "RAW"));
        assertThatThrownBy(() -> DnsProviders.byName("exec", Map.of("path", dir.resolve("missing").toString())))
                .isInstanceOfSatisfying(CertpilotException.class, e -> assertThat(e.getMessage())
                        .contains("path", "not an executable file"));
    }
}
