package dev.certpilot.dns.namecheap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.testing.FakeApiContractTest;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider contract against {@link NamecheapFake}, a stateful stub of the documented Namecheap XML API. */
class NamecheapContractTest extends FakeApiContractTest<NamecheapFake> {

    private static final String WRONG_KEY = "0000c87ef4fd49cb96d915c0db68wrong";

    NamecheapContractTest() {
        super(new NamecheapFake("example.com"));
    }

    private DnsChallengeProvider build(String key) {
        return NamecheapDnsProvider.builder().credentials(NamecheapFake.USER, key).clientIp(NamecheapFake.CLIENT_IP)
                .baseUrl(fake().baseUrl()).sleeper(sleeper).build();
    }

    @Override
    protected DnsChallengeProvider createProvider() {
        return build(NamecheapFake.KEY);
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.of(build(WRONG_KEY));
    }

    @Override
    protected List<String> secrets() {
        return List.of(NamecheapFake.KEY, WRONG_KEY);
    }

    @Test
    void everyOtherRecordAndTheMailSettingSurviveAPresentAndCleanup() {
        List<String> before = new ArrayList<>(fake().snapshot("example.com"));
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        List<String> during = fake().snapshot("example.com");
        assertThat(during).containsAll(before).hasSize(before.size() + 1);
        provider().cleanup(record(name, value));
        assertThat(fake().snapshot("example.com")).containsExactlyElementsOf(before);
    }
}
