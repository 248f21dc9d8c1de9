package dev.certpilot.dns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certpilot.ErrorCode;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DnsChallengeProvider}, checked against a real server or a vendor-faithful fake. Every
 * adapter's test extends it and supplies:
 * <ul>
 *   <li>{@link #provider()}: the provider under test, built with {@link #sleeper} so retries never sleep;</li>
 *   <li>{@link #zone()}: a zone the provider may write in (each test uses fresh names below it);</li>
 *   <li>{@link #txtValues(String)}: the values at a name as the service holds them (a DNS query against the real
 *       server, or the fake's state), independent of the provider;</li>
 *   <li>optional hooks, each test skipped with a reason when absent: {@link #providerWithBadCredentials()},
 *       {@link #faults()}, {@link #secrets()}, {@link #cleanupRemovesValue()}.</li>
 * </ul>
 */
public abstract class DnsProviderContractTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Pass this to the provider's builder: it records pauses and never sleeps. */
    protected final RecordingSleeper sleeper = new RecordingSleeper();

    /** The provider under test, built with {@link #sleeper}. */
    protected abstract DnsChallengeProvider provider();

    /** The zone the tests write in, normalized (no trailing dot). */
    protected abstract String zone();

    /** The TXT values the service holds at {@code fqdn} right now, read without the provider. */
    protected abstract Set<String> txtValues(String fqdn);

    /** A provider like {@link #provider()} but with credentials the service rejects; empty when not applicable. */
    protected Optional<DnsChallengeProvider> providerWithBadCredentials() {
        return Optional.empty();
    }

    /** Fault injection in front of the service; empty when not applicable (a real DNS server spoken to directly). */
    protected Optional<FaultInjector> faults() {
        return Optional.empty();
    }

    /** Every secret configured in {@link #provider()} and {@link #providerWithBadCredentials()}. */
    protected List<String> secrets() {
        return List.of();
    }

    /**
     * Whether cleanup really removes the value. Only services that cannot delete (acme-dns, which keeps the last two
     * values and drops older ones itself) answer false; the tests then check that cleanup touches nothing.
     */
    protected boolean cleanupRemovesValue() {
        return true;
    }

    /** A fresh challenge value: 43 base64url characters, like a real dns-01 digest. */
    protected String newValue() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A fresh record name below {@link #zone()}. */
    protected String newName() {
        return "_acme-challenge.t" + Long.toUnsignedString(RANDOM.nextLong(), 36) + "." + zone();
    }

    /** The record for {@code value} at {@code fqdn} in {@link #zone()}. */
    protected ChallengeRecord record(String fqdn, String value) {
        return ChallengeRecord.of(zone(), fqdn, value);
    }

    /** Heals injected faults after each test. */
    @AfterEach
    void healFaults() {
        faults().ifPresent(FaultInjector::heal);
    }

    @Test
    void presentPublishesTheValue() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        assertThat(txtValues(name)).containsExactly(value);
    }

    @Test
    void presentIsIdempotent() {
        String name = newName();
        String value = newValue();
        provider().present(record(name, value));
        provider().present(record(name, value));
        assertThat(txtValues(name)).containsExactly(value);
    }

    @Test
    void secondValueAtTheSameNameKeepsTheFirst() {
        String name = newName();
        String apex = newValue();
        String wildcard = newValue();
        provider().present(record(name, apex));
        provider().present(record(name, wildcard));
        assertThat(txtValues(name)).containsExactlyInAnyOrder(apex, wildcard);
    }

    @Test
    void cleanupRemovesOnlyItsValue() {
        String name = newName();
        String apex = newValue();
        String wildcard = newValue();
        provider().present(record(name, apex));
        provider().present(record(name, wildcard));
        provider().cleanup(record(name, apex));
        if (cleanupRemovesValue()) {
            assertThat(txtValues(name)).containsExactly(wildcard);
            provider().cleanup(record(name, wildcard));
            assertThat(txtValues(name)).isEmpty();
        } else {
            assertThat(txtValues(name)).containsExactlyInAnyOrder(apex, wildcard);
        }
    }

    @Test
    void cleanupOfAnAbsentValueDoesNothing() {
        String name = newName();
        String value = newValue();
        assertThatCode(() -> provider().cleanup(record(name, newValue()))).doesNotThrowAnyException();
        provider().present(record(name, value));
        provider().cleanup(record(name, newValue()));
        assertThat(txtValues(name)).containsExactly(value);
    }

    @Test
    void namesDoNotInterfere() {
        String first = newName();
        String second = newName();
        String a = newValue();
        String b = newValue();
        provider().present(record(first, a));
        provider().present(record(second, b));
        assertThat(txtValues(first)).containsExactly(a);
        assertThat(txtValues(second)).containsExactly(b);
        provider().cleanup(record(first, a));
        assertThat(txtValues(second)).containsExactly(b);
    }

    @Test
    void concurrentPresentsAtOneNameKeepBothValues() throws Exception {
        String name = newName();
        List<String> values = List.of(newValue(), newValue());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(values.size());
        try {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (String v : values) {
                futures.add(CompletableFuture.runAsync(() -> {
                    awaitQuietly(start);
                    provider().present(record(name, v));
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(txtValues(name)).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void badCredentialsAreReportedAsAuthenticationFailure() {
        Optional<DnsChallengeProvider> bad = providerWithBadCredentials();
        assumeTrue(bad.isPresent(), "this service has no credentials to get wrong");
        String name = newName();
        DnsProviderException e = catchThrowableOfType(DnsProviderException.class,
                () -> bad.get().present(record(name, newValue())));
        assertThat(e).as("present with bad credentials must fail").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
        assertThat(e.isAuthenticationFailure()).as("isAuthenticationFailure of: %s", e.getMessage()).isTrue();
        assertNoSecretIn(e.getMessage());
        assertNoSecretIn(e.toString());
        assertThat(txtValues(name)).isEmpty();
    }

    @Test
    void transientFailuresAreRetried() {
        Optional<FaultInjector> faults = faults();
        assumeTrue(faults.isPresent() && faults.get().supportsTransientFailures(),
                "no transient failures can be injected here");
        String name = newName();
        String value = newValue();
        sleeper.clear();
        faults.get().failNext(2);
        provider().present(record(name, value));
        assertThat(faults.get().failuresServed()).isEqualTo(2);
        assertThat(sleeper.sleeps()).as("pauses before the retries").hasSize(2);
        assertThat(txtValues(name)).containsExactly(value);
    }

    @Test
    void persistentOutageIsATypedErrorAndLeavesNothingBehind() {
        Optional<FaultInjector> faults = faults();
        assumeTrue(faults.isPresent(), "no outage can be injected here");
        String name = newName();
        String kept = newValue();
        String lost = newValue();
        provider().present(record(name, kept));
        faults.get().failAlways();
        DnsProviderException present = catchThrowableOfType(DnsProviderException.class,
                () -> provider().present(record(name, lost)));
        DnsProviderException cleanup = catchThrowableOfType(DnsProviderException.class,
                () -> provider().cleanup(record(name, kept)));
        faults.get().heal();
        assertThat(present).as("present during an outage must fail").isNotNull();
        assertThat(present.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
        assertThat(present.isAuthenticationFailure()).isFalse();
        if (cleanupRemovesValue()) {
            assertThat(cleanup).as("cleanup during an outage must fail").isNotNull();
        }
        assertThat(txtValues(name)).containsExactly(kept);
        assertNoSecretIn(present.getMessage());
    }

    @Test
    void secretsNeverAppearInToString() {
        assumeTrue(!secrets().isEmpty(), "this provider has no secrets");
        assertNoSecretIn(provider().toString());
        providerWithBadCredentials().ifPresent(p -> assertNoSecretIn(p.toString()));
    }

    /** Fails when {@code text} contains any of {@link #secrets()}. */
    protected void assertNoSecretIn(String text) {
        for (String secret : secrets()) {
            assertThat(text).as("text must not contain a secret").doesNotContain(secret);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
