package dev.certpilot.dns.acmedns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.dns.internal.Json;
import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against {@link AcmeDnsFake}. Every fresh name is a fresh acme-dns account, written to the
 * lego-format account file the provider reads (and, with a wrong password, to the file of the bad-credentials
 * provider); the record names are the accounts' full domains, as when certpilot follows the CNAME.
 */
class AcmeDnsContractTest extends FakeApiContractTest<AcmeDnsFake> {

    @TempDir
    static Path dir;
    private final List<String> passwords = new ArrayList<>();

    AcmeDnsContractTest() {
        super(new AcmeDnsFake());
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return AcmeDnsProvider.builder().baseUrl(fake().baseUrl()).storagePath(dir.resolve("accounts.json"))
                .sleeper(sleeper).build();
    }

    @Override
    protected String zone() {
        return AcmeDnsFake.DOMAIN;
    }

    @Override
    protected String newName() {
        AcmeDnsAccount a = fake().register();
        passwords.add(a.password());
        String domain = "host" + passwords.size() + ".example.com";
        new AccountStorage(dir.resolve("accounts.json")).put(domain, a, fake().baseUrl());
        new AccountStorage(dir.resolve("bad.json")).put(domain, new AcmeDnsAccount(a.username(),
                "wrong-" + a.password(), a.fullDomain(), a.subdomain()), fake().baseUrl());
        return a.fullDomain();
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(AcmeDnsProvider.builder().baseUrl(fake().baseUrl()).storagePath(dir.resolve("bad.json"))
                .sleeper(sleeper).build());
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
        AcmeDnsAccount a = fake().register();
        DnsChallengeProvider inCode = AcmeDnsProvider.builder().baseUrl(fake().baseUrl()).account("example.org", a)
                .sleeper(sleeper).build();
        String apex = newValue();
        String wildcard = newValue();
        inCode.present(ChallengeRecord.of("example.org", "_acme-challenge.example.org", apex));
        inCode.present(ChallengeRecord.of("example.org", "_acme-challenge.example.org", wildcard));
        assertThat(fake().txtValues(a.fullDomain())).containsExactly(apex, wildcard);
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
        DnsChallengeProvider fresh = AcmeDnsProvider.builder().baseUrl(fake().baseUrl()).storagePath(file)
                .sleeper(sleeper).build();
        assertThatThrownBy(() -> fresh.present(ChallengeRecord.of("example.net", "_acme-challenge.example.net",
                newValue()))).isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.getMessage())
                        .contains("_acme-challenge.example.net. CNAME ", "." + AcmeDnsFake.DOMAIN + "."));
        var saved = Json.MAPPER.readTree(file.toFile()).path("example.net");
        assertThat(saved.path("fulldomain").asText()).endsWith("." + AcmeDnsFake.DOMAIN);
        assertThat(saved.path("server_url").asText()).isEqualTo(fake().baseUrl());
        String value = newValue();
        fresh.present(ChallengeRecord.of("example.net", "_acme-challenge.example.net", value));
        assertThat(fake().txtValues(saved.path("fulldomain").asText())).containsExactly(value);
    }
}
