package dev.certpilot.dns.acmedns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certpilot.dns.internal.Json;
import dev.certpilot.dns.testing.DnsProviderContractTest;
import dev.certpilot.dns.testing.FaultInjector;
import dev.certpilot.dns.testing.WireMockFaults;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against {@link AcmeDnsFake}. Every fresh name is a fresh acme-dns account, written to the
 * lego-format account file the provider reads (and, with a wrong password, to the file of the bad-credentials
 * provider); the record names are the accounts' full domains, as when certpilot follows the CNAME.
 */
class AcmeDnsContractTest extends DnsProviderContractTest {

    private static final AcmeDnsFake FAKE = new AcmeDnsFake();
    private static WireMockFaults faults;

    @TempDir
    Path dir;
    private final List<String> passwords = new ArrayList<>();
    private DnsChallengeProvider provider;

    @BeforeAll
    static void start() {
        faults = new WireMockFaults(FAKE.startServer());
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Override
    protected DnsChallengeProvider provider() {
        if (provider == null) {
            provider = AcmeDnsProvider.builder().baseUrl(FAKE.baseUrl()).storagePath(dir.resolve("accounts.json"))
                    .sleeper(sleeper).build();
        }
        return provider;
    }

    @Override
    protected String zone() {
        return AcmeDnsFake.DOMAIN;
    }

    @Override
    protected String newName() {
        AcmeDnsAccount a = FAKE.register();
        passwords.add(a.password());
        String domain = "host" + passwords.size() + ".example.com";
        write(dir.resolve("accounts.json"), domain, a);
        write(dir.resolve("bad.json"), domain, new AcmeDnsAccount(a.username(), "wrong-" + a.password(),
                a.fullDomain(), a.subdomain()));
        return a.fullDomain();
    }

    @Override
    protected Set<String> txtValues(String fqdn) {
        return FAKE.txtValues(fqdn);
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(AcmeDnsProvider.builder().baseUrl(FAKE.baseUrl()).storagePath(dir.resolve("bad.json"))
                .sleeper(sleeper).build());
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }

    @Override
    protected List<String> secrets() {
        return passwords;
    }

    @Override
    protected boolean cleanupRemovesValue() {
        return false;
    }

    @Test
    void recordNamedAfterTheDomainUsesThatDomainsAccount() {
        AcmeDnsAccount a = FAKE.register();
        DnsChallengeProvider inCode = AcmeDnsProvider.builder().baseUrl(FAKE.baseUrl()).account("example.org", a)
                .sleeper(sleeper).build();
        String apex = newValue();
        String wildcard = newValue();
        inCode.present(ChallengeRecord.of("example.org", "_acme-challenge.example.org", apex));
        inCode.present(ChallengeRecord.of("example.org", "_acme-challenge.example.org", wildcard));
        assertThat(FAKE.txtValues(a.fullDomain())).containsExactly(apex, wildcard);
        assertThat(inCode.toString()).doesNotContain(a.password());
    }

    @Test
    void aThirdValueEvictsTheOldestAsAcmeDnsDoes() {
        String name = newName();
        String first = newValue();
        String second = newValue();
        String third = newValue();
        provider().present(record(name, first));
        provider().present(record(name, second));
        provider().present(record(name, third));
        assertThat(txtValues(name)).containsExactly(second, third);
    }

    @Test
    void unknownDomainIsRegisteredSavedAndTheCnameToCreateIsNamed() throws IOException {
        Path file = dir.resolve("fresh.json");
        DnsChallengeProvider fresh = AcmeDnsProvider.builder().baseUrl(FAKE.baseUrl()).storagePath(file)
                .sleeper(sleeper).build();
        assertThatThrownBy(() -> fresh.present(ChallengeRecord.of("example.net", "_acme-challenge.example.net",
                newValue()))).isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.getMessage())
                        .contains("_acme-challenge.example.net. CNAME ", "." + AcmeDnsFake.DOMAIN + "."));
        var saved = Json.MAPPER.readTree(file.toFile()).path("example.net");
        assertThat(saved.path("fulldomain").asText()).endsWith("." + AcmeDnsFake.DOMAIN);
        assertThat(saved.path("server_url").asText()).isEqualTo(FAKE.baseUrl());
        String value = newValue();
        fresh.present(ChallengeRecord.of("example.net", "_acme-challenge.example.net", value));
        assertThat(FAKE.txtValues(saved.path("fulldomain").asText())).containsExactly(value);
    }

    private static void write(Path file, String domain, AcmeDnsAccount a) {
        try {
            ObjectNode root = Files.exists(file) ? (ObjectNode) Json.MAPPER.readTree(file.toFile())
                    : Json.MAPPER.createObjectNode();
            ObjectNode n = root.putObject(domain);
            n.put("fulldomain", a.fullDomain());
            n.put("subdomain", a.subdomain());
            n.put("username", a.username());
            n.put("password", a.password());
            n.put("server_url", FAKE.baseUrl());
            n.putArray("allowfrom");
            Json.MAPPER.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
