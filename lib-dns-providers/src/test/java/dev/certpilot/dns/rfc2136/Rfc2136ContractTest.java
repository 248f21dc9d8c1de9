package dev.certpilot.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.ErrorCode;
import dev.certpilot.dns.testing.Bind9Server;
import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against a real BIND9 started on a free loopback port; values are read back with real DNS
 * queries. Faults cannot be injected into a DNS server spoken to directly, so the retry test is skipped; an
 * unreachable server is tested below instead.
 */
class Rfc2136ContractTest extends DnsProviderContractTest {

    private static final String ZONE = "example.test";
    private static final String WRONG_SECRET = Base64.getEncoder().encodeToString(
            "a-wrong-secret-of-32-bytes-long!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @TempDir
    static Path dir;
    private static Bind9Server bind;

    @BeforeAll
    static void startBind() {
        bind = Bind9Server.start(ZONE, dir);
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    @Override
    protected DnsChallengeProvider provider() {
        return Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port())
                .tsigKey(Bind9Server.KEY_NAME, "hmac-sha256", bind.tsigSecret()).build();
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return bind.txt(fqdn);
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port())
                .tsigKey(Bind9Server.KEY_NAME, "hmac-sha256", WRONG_SECRET).build());
    }

    @Override
    protected List<String> secrets() {
        return List.of(bind.tsigSecret(), WRONG_SECRET);
    }

    @Test
    void unknownKeyNameIsRefusedAsAuthenticationFailure() {
        DnsChallengeProvider stranger = Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port())
                .tsigKey("someone-else", "hmac-sha256", bind.tsigSecret()).build();
        assertThatThrownBy(() -> stranger.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("NOTAUTH", "BADKEY").doesNotContain(bind.tsigSecret());
                });
    }

    @Test
    void unsignedUpdateIsRefusedByPolicy() {
        DnsChallengeProvider unsigned = Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port()).build();
        assertThatThrownBy(() -> unsigned.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("REFUSED");
                });
    }

    @Test
    void keyFileWrittenByTsigKeygenWorks() {
        DnsChallengeProvider fromFile = Rfc2136DnsProvider.builder().nameserver("127.0.0.1:" + bind.port())
                .tsigFile(dir.resolve(Bind9Server.KEY_NAME + ".key")).build();
        String name = newName();
        String value = newValue();
        fromFile.present(record(name, value));
        assertThat(bind.txt(name)).containsExactly(value);
    }

    @Test
    void zoneIsFoundBySoaEvenWhenTheRecordNamesAParent() {
        String name = newName();
        String value = newValue();
        provider().present(ChallengeRecord.of("test", name, value));
        assertThat(bind.txt(name)).containsExactly(value);
    }

    @Test
    void nameOutsideTheConfiguredZonesIsZoneNotFound() {
        DnsChallengeProvider scoped = Rfc2136DnsProvider.builder().nameserver("127.0.0.1", bind.port())
                .tsigKey(Bind9Server.KEY_NAME, "hmac-sha256", bind.tsigSecret()).zones(List.of("other.test")).build();
        assertThatThrownBy(() -> scoped.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void unreachableServerIsATypedError() {
        DnsChallengeProvider nowhere = Rfc2136DnsProvider.builder()
                .nameserver("127.0.0.1", dev.certpilot.dns.testing.FreePorts.tcp())
                .tsigKey(Bind9Server.KEY_NAME, "hmac-sha256", bind.tsigSecret()).zones(List.of(ZONE))
                .timeout(java.time.Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> nowhere.present(record(newName(), newValue())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.isAuthenticationFailure()).isFalse();
                    assertThat(e.getMessage()).contains("no answer").doesNotContain(bind.tsigSecret());
                });
    }
}
