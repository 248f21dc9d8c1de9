package dev.certpilot.dns.testing;

import dev.certpilot.spi.DnsChallengeProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract test of a REST provider against a stateful vendor fake: starts the fake on a free port before the
 * class's tests and stops it after, reads values from the fake's state, injects faults in front of it. A subclass
 * passes its fake to the constructor and builds the provider in {@link #createProvider()} (pointing it at
 * {@code fake().baseUrl()} with {@link #sleeper}); it adds the bad-credentials provider and {@link #secrets()}.
 *
 * @param <F> the fake
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FakeApiContractTest<F extends FakeApi> extends DnsProviderContractTest {

    private final F fake;
    private WireMockFaults faults;
    private DnsChallengeProvider provider;

    /** @param fake the vendor fake, not yet started */
    protected FakeApiContractTest(F fake) {
        this.fake = Objects.requireNonNull(fake, "fake");
    }

    /** The provider under test, built once the fake runs. */
    protected abstract DnsChallengeProvider createProvider();

    /** The running fake. */
    protected final F fake() {
        return fake;
    }

    @BeforeAll
    final void startFake() {
        faults = new WireMockFaults(fake.startServer());
    }

    @AfterAll
    final void stopFake() {
        fake.close();
    }

    /**
     * The provider from {@link #createProvider()}, made on first use; synchronized, so the threads of the concurrency
     * test share one instance (and its per-name locks) even when that test runs first.
     */
    @Override
    protected final synchronized DnsChallengeProvider provider() {
        if (provider == null) {
            provider = createProvider();
        }
        return provider;
    }

    /** The fake's state. */
    @Override
    protected final Set<String> txtValues(String fqdn) {
        return fake.txtValues(fqdn);
    }

    /** Faults in front of the fake. */
    @Override
    protected final Optional<FaultInjector> faults() {
        return Optional.of(faults);
    }
}
