package dev.certpilot.dns.pdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.dns.testing.PowerDnsServer;
import dev.certpilot.dns.testing.WireMockFaults;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ZoneLister;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against a real PowerDNS Authoritative 4.7 started on free loopback ports, values read back
 * with real DNS queries. The provider talks to it through a WireMock proxy, which is where faults are injected; every
 * other request reaches the real server unchanged.
 */
class PowerDnsContractTest extends DnsProviderContractTest {

    private static final String ZONE = "example.test";

    @TempDir
    static Path dir;
    private static PowerDnsServer pdns;
    private static WireMockServer proxy;
    private static WireMockFaults faults;

    private final DnsChallengeProvider provider = PowerDnsProvider.builder().baseUrl(proxy.baseUrl())
            .apiKey(PowerDnsServer.API_KEY).sleeper(sleeper).build();

    @BeforeAll
    static void start() {
        pdns = PowerDnsServer.start(ZONE, dir);
        proxy = WireMockFaults.startProxy(pdns.apiUrl());
        faults = new WireMockFaults(proxy);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        if (pdns != null) {
            pdns.close();
        }
    }

    @Override
    protected DnsChallengeProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return pdns.txt(fqdn);
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(PowerDnsProvider.builder().baseUrl(pdns.apiUrl()).apiKey("not-the-pdns-key-5Kq")
                .sleeper(sleeper).build());
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }

    @Override
    protected List<String> secrets() {
        return List.of(PowerDnsServer.API_KEY, "not-the-pdns-key-5Kq");
    }

    @Test
    void listsTheServersZones() {
        assertThat(((ZoneLister) provider).zones()).contains(ZONE);
    }
}
