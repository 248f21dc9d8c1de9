package dev.certpilot.dns.challtestsrv;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.dns.testing.ChallTestSrv;
import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.dns.testing.WireMockFaults;
import dev.certpilot.spi.DnsChallengeProvider;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against the real Debian {@code pebble-challtestsrv}, values read back by DNS queries; the
 * provider talks to its management API through a WireMock proxy that injects faults. It has no credentials.
 */
class ChallTestSrvContractTest extends DnsProviderContractTest {

    @TempDir
    static Path dir;
    private static ChallTestSrv server;
    private static WireMockServer proxy;
    private static WireMockFaults faults;

    private final DnsChallengeProvider provider = ChallTestSrvDnsProvider.builder().baseUrl(proxy.baseUrl())
            .sleeper(sleeper).build();

    @BeforeAll
    static void start() {
        server = ChallTestSrv.start(dir);
        proxy = WireMockFaults.startProxy(server.managementUrl());
        faults = new WireMockFaults(proxy);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected DnsChallengeProvider provider() {
        return provider;
    }

    @Override
    protected String zone() {
        return "example.test";
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return server.txt(fqdn);
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }

    @Test
    void cleanupCannotKeepValuesItNeverSaw() {
        String name = newName();
        String mine = newValue();
        DnsChallengeProvider other = ChallTestSrvDnsProvider.builder().baseUrl(server.managementUrl()).build();
        String theirs = newValue();
        other.present(record(name, theirs));
        provider.present(record(name, mine));
        provider.cleanup(record(name, mine));
        assertThat(txtValues(name)).as("the documented limitation: /clear-txt clears every value").isEmpty();
    }
}
