package dev.certpilot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import dev.certpilot.testing.ManualScheduler;
import dev.certpilot.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine never sleeps: every wait is a task on the injected scheduler. With a manual scheduler the tests see
 * exactly when the engine wants to look again.
 */
class PollingTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ManualScheduler scheduler = new ManualScheduler(clock, executor);

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        executor.shutdownNow();
    }

    @Test
    void retryAfterFromTheCaIsHonouredWhilePolling() throws Exception {
        // validation takes 10 minutes of real time: the order stays pending and the CA says "Retry-After: 7"
        TestCa ca = keep(TestCa.builder().noManagement().validationDelay(Duration.ofMinutes(10))
                .retryAfter(Duration.ofSeconds(7)).start());
        CertificateManager m = keep(manager(ca, new EnvironmentDnsProvider(ca.dns()), PropagationSettings.builder()
                .resolver(ca.dnsAddress()).nameservers(ca.dnsAddress()).build()));
        CertificateHandle h = m.request(CertificateRequest.forDomains("poll.example.test").build());

        await(() -> !ca.events().all().isEmpty() && h.state() == CertificateState.VALIDATING
                && !pendingAfter(Duration.ofSeconds(1)).isEmpty());
        Instant now = clock.instant();
        List<Instant> later = pendingAfter(Duration.ofSeconds(1));
        assertThat(later).anySatisfy(due -> assertThat(Duration.between(now, due))
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(8)));
        assertThat(ca.events().ofType(CaEvent.Type.CHALLENGE_VALIDATED)).isEmpty();
    }

    @Test
    void propagationIsPolledWithGrowingIntervalsNotSleeps() throws Exception {
        TestCa ca = keep(TestCa.builder().noManagement().start());
        // a provider whose records show up only when the test says so
        List<ChallengeRecord> held = new ArrayList<>();
        DnsChallengeProvider slow = new DnsChallengeProvider() {
            @Override
            public synchronized void present(ChallengeRecord r) {
                held.add(r);
            }

            @Override
            public void cleanup(ChallengeRecord r) {
                ca.dns().removeTxt(r.fqdn(), r.value());
            }
        };
        CertificateManager m = keep(manager(ca, slow, PropagationSettings.builder().resolver(ca.dnsAddress())
                .nameservers(ca.dnsAddress()).interval(Duration.ofMillis(250), Duration.ofSeconds(2)).build()));
        CertificateHandle h = m.request(CertificateRequest.forDomains("slow.example.test").build());

        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            await(() -> !pendingAfter(Duration.ZERO).isEmpty() && pendingAfter(Duration.ZERO).stream()
                    .anyMatch(due -> due.isAfter(clock.instant())) && !held.isEmpty());
            Instant now = clock.instant();
            Instant next = pendingAfter(Duration.ZERO).stream().filter(d -> d.isAfter(now)).min(Instant::compareTo)
                    .orElseThrow();
            waits.add(Duration.between(now, next));
            scheduler.advance(Duration.between(now, next));
        }
        assertThat(waits).startsWith(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2));

        // the records appear: the next poll sees them and the certificate is issued
        synchronized (slow) {
            held.forEach(r -> ca.dns().addTxt(r.fqdn(), r.value()));
        }
        while (!h.future().isDone()) {
            scheduler.advance(Duration.ofSeconds(2));
            Thread.sleep(5);
        }
        assertThat(h.awaitIssued(BOUND).state()).isEqualTo(CertificateState.ISSUED);
    }

    @Test
    void answersThatAlreadySayValidSaveTheOrderPolls() throws Exception {
        // the bundled CA validates while answering the trigger and issues while answering finalize
        TestCa ca = keep(TestCa.builder().noManagement().start());
        ScriptedIssuer issuer = new ScriptedIssuer(issuer(ca));
        CertificateManager m = keep(manager(issuer, new EnvironmentDnsProvider(ca.dns()), PropagationSettings
                .builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress()).build()));

        CertificateHandle h = m.request(CertificateRequest.forDomains("quick.example.test").build());
        assertThat(h.awaitIssued(BOUND).state()).isEqualTo(CertificateState.ISSUED);
        assertThat(issuer.orderReads()).as("order polls").isZero();
        assertThat(issuer.finalizeCalls()).isEqualTo(1);
    }

    @Test
    void aValidAnswerTheOrderHasNotCaughtUpWithGoesBackToPolling() throws Exception {
        // validation takes 300 ms of real time, but the trigger's answer claims it is already done (a CA whose order
        // lags behind its challenge): finalize meets the CA's orderNotReady and the engine polls the order until
        // it is ready, then finalizes again. The records stay in the zone so that the CA's late validation passes.
        TestCa ca = keep(TestCa.builder().noManagement().validationDelay(Duration.ofMillis(300)).start());
        ScriptedIssuer issuer = new ScriptedIssuer(issuer(ca));
        issuer.claimValidOnTrigger();
        DnsChallengeProvider keeping = new DnsChallengeProvider() {
            @Override
            public void present(ChallengeRecord r) {
                ca.dns().addTxt(r.fqdn(), r.value());
            }

            @Override
            public void cleanup(ChallengeRecord r) {
                // kept: the CA validates only after the engine believed it had
            }
        };
        CertificateManager m = keep(manager(issuer, keeping, PropagationSettings
                .builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress()).build()));

        CertificateHandle h = m.request(CertificateRequest.forDomains("eager.example.test").build());
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!h.future().isDone() && System.nanoTime() < deadline) {
            scheduler.advance(Duration.ofSeconds(2));
            Thread.sleep(5);
        }
        assertThat(h.awaitIssued(BOUND).state()).isEqualTo(CertificateState.ISSUED);
        assertThat(issuer.finalizeCalls()).as("the refused finalize and the one that issued").isEqualTo(2);
        assertThat(issuer.orderReads()).as("polls of the order after orderNotReady").isPositive();
        assertThat(m.timeline(h.id())).noneMatch(e -> e.type() == dev.certpilot.EventType.CERT_FAILED);
    }

    private static dev.certpilot.spi.Issuer issuer(TestCa ca) {
        return AcmeIssuer.at(ca.directoryUrl()).name("ca").trustStore(ca.trustStore()).agreeToTermsOfService()
                .build();
    }

    private CertificateManager manager(TestCa ca, DnsChallengeProvider dns, PropagationSettings propagation) {
        return manager(issuer(ca), dns, propagation);
    }

    private CertificateManager manager(dev.certpilot.spi.Issuer issuer, DnsChallengeProvider dns,
                                       PropagationSettings propagation) {
        CertificateManager m = CertificateManager.builder()
                .issuer(issuer)
                .dns("example.test", dns)
                .propagation(propagation)
                .clock(clock)
                .scheduler(scheduler)
                .jobPollInterval(Duration.ofHours(1))
                // the renewal scheduler's periodic check would interleave with the polls this test watches
                .renewal(dev.certpilot.RenewalSettings.builder().checkInterval(Duration.ofHours(1)).build())
                .build();
        m.start();
        return m;
    }

    /** Scheduled due times later than {@code now + margin} (the job runner's hourly poll excluded). */
    private List<Instant> pendingAfter(Duration margin) {
        Instant from = clock.instant().plus(margin);
        Instant hourly = clock.instant().plus(Duration.ofMinutes(30));
        return scheduler.pending().stream().filter(d -> !d.isBefore(from) && d.isBefore(hourly)).toList();
    }

    private <T extends AutoCloseable> T keep(T r) {
        resources.add(r);
        return r;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in " + BOUND);
            }
            Thread.sleep(5);
        }
    }
}
