package dev.certpilot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.Checkpoints;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Failure;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.RateLimitedException;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.Endpoint;
import dev.certpilot.testca.TestCa;
import dev.certpilot.testca.TestDnsServer;
import dev.certpilot.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The manager suite against the bundled test CA, plus what only the bundled CA can script. */
class BundledManagerIssuanceTest extends ManagerIssuanceSuite {

    @Override
    protected AcmeTestEnvironment startEnvironment() {
        // Pebble's habits: rejected nonces and reused authorizations, so the engine copes with both
        return TestCa.builder().pebbleLike().validationDelay(java.time.Duration.ZERO).start();
    }

    private TestCa ca() {
        return (TestCa) env;
    }

    /**
     * On the fast path (records visible at once; the CA validating while answering the trigger and issuing while
     * answering finalize) the default checkpoints make three commits per issuance: the request; the order, records
     * and encrypted key; the certificate. {@link Checkpoints#EVERY_STEP} commits each step. The timeline is the
     * same either way.
     */
    @Test
    void withNothingToWaitForAnIssuanceCommitsThreeTimesOrEveryStep() throws Exception {
        Map<Checkpoints, List<String>> steps = new EnumMap<>(Checkpoints.class);
        Map<Checkpoints, List<EventType>> timelines = new EnumMap<>(Checkpoints.class);
        for (Checkpoints checkpoints : Checkpoints.values()) {
            List<String> committed = new CopyOnWriteArrayList<>();
            ForwardingStore counting = new ForwardingStore(new InMemoryCertificateStore()) {
                @Override
                public Commit commit(Commit commit) {
                    commit.job().ifPresent(j -> committed.add(j.step()));
                    return super.commit(commit);
                }
            };
            CertificateManager m = started(builder(counting, new EnvironmentDnsProvider(env.dns()))
                    .checkpoints(checkpoints));
            ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            steps.put(checkpoints, committed);
            timelines.put(checkpoints, m.timeline(cert.id()).stream().map(CertificateEvent::type).toList());
        }
        assertThat(steps.get(Checkpoints.ESSENTIAL)).containsExactly("CREATED", "PUBLISHING", "DONE");
        assertThat(steps.get(Checkpoints.EVERY_STEP)).containsExactly("CREATED", "ORDER_CREATED", "PUBLISHING",
                "PUBLISHED", "PROPAGATED", "TRIGGERED", "VALIDATED", "KEY_READY", "FINALIZED", "DONE");
        assertThat(timelines.get(Checkpoints.ESSENTIAL)).isEqualTo(timelines.get(Checkpoints.EVERY_STEP))
                .containsSubsequence(EventType.CERT_REQUESTED, EventType.ORDER_CREATED, EventType.DNS_PUBLISHED,
                        EventType.DNS_PROPAGATED, EventType.CHALLENGE_VALIDATED, EventType.DNS_CLEANED,
                        EventType.CERT_ISSUED);
    }

    /**
     * Steps that write nothing still keep the job's lease: when publishing takes most of the lease (a slow DNS API;
     * the manager's clock jumps 90 s of a 2-minute lease), the job writes its progress, renewing the lease, before
     * going on.
     */
    @Test
    void aStepTakingMoreThanHalfTheLeaseMakesTheJobWriteAndKeepIt() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        List<String> committed = new CopyOnWriteArrayList<>();
        List<Instant> leases = new CopyOnWriteArrayList<>();
        ForwardingStore recording = new ForwardingStore(new InMemoryCertificateStore()) {
            @Override
            public Commit commit(Commit commit) {
                commit.job().ifPresent(j -> {
                    committed.add(j.step());
                    j.leaseUntil().ifPresent(leases::add);
                });
                return super.commit(commit);
            }
        };
        EnvironmentDnsProvider real = new EnvironmentDnsProvider(env.dns());
        DnsChallengeProvider slow = new DnsChallengeProvider() {
            @Override
            public void present(ChallengeRecord record) {
                real.present(record);
                clock.advance(Duration.ofSeconds(90));
            }

            @Override
            public void cleanup(ChallengeRecord record) {
                real.cleanup(record);
            }
        };
        CertificateManager m = started(builder(recording, slow).clock(clock).leaseDuration(Duration.ofMinutes(2)));
        m.request(CertificateRequest.forDomains(freshName()).build()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(committed).containsExactly("CREATED", "PUBLISHING", "PUBLISHED", "DONE");
        // the write after publishing carried a lease running two minutes from the clock's new time
        assertThat(leases.get(2)).isAfterOrEqualTo(leases.get(1).plusSeconds(90));
    }

    @Test
    void serverErrorsFromTheFirstIssuerFallBackToTheSecond() throws Exception {
        try (TestCa second = TestCa.builder().noManagement().dnsResolver(env.dnsAddress()).start()) {
            ca().faults().failNext(Endpoint.NEW_ORDER, 1, 503);
            CertificateManager m = firstThenSecond(second);
            ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            assertThat(cert.issuer()).contains("second");
            assertThat(second.events().ofType(CaEvent.Type.CERTIFICATE_ISSUED)).hasSize(1);
            assertThat(m.timeline(cert.id()).stream().filter(e -> e.type() == EventType.ISSUER_FALLBACK))
                    .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("from", "first"));
        } finally {
            ca().faults().clear();
        }
    }

    @Test
    void rateLimitFromTheFirstIssuerFallsBackToo() throws Exception {
        try (TestCa second = TestCa.builder().noManagement().dnsResolver(env.dnsAddress()).start()) {
            ca().faults().failNext(Endpoint.NEW_ORDER, 1, 429);
            CertificateManager m = firstThenSecond(second);
            ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            assertThat(cert.issuer()).contains("second");
            assertThat(m.timeline(cert.id()).stream().filter(e -> e.type() == EventType.ISSUER_FALLBACK))
                    .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("code", "CA_RATE_LIMITED"));
        } finally {
            ca().faults().clear();
        }
    }

    /** A manager whose first issuer is this class's CA and whose fallback is {@code second}. */
    private CertificateManager firstThenSecond(TestCa second) {
        return started(CertificateManager.builder()
                .issuer(issuer("first").build(), dev.certpilot.acme.AcmeIssuer.at(second.directoryUrl())
                        .name("second").trustStore(second.trustStore()).agreeToTermsOfService().build())
                .dns(ZONE, new EnvironmentDnsProvider(env.dns()))
                .propagation(propagation()));
    }

    @Test
    void rateLimitWithoutFallbackIsSurfacedWithRetryAfter() {
        ca().faults().failNext(Endpoint.NEW_ORDER, 1, 429);
        CertificateManager m = manager();
        Instant before = Instant.now();
        CertificateHandle h = m.request(CertificateRequest.forDomains(freshName()).build());
        assertThatThrownBy(() -> h.awaitIssued(ISSUE_TIMEOUT)).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CA_RATE_LIMITED);
            assertThat(e.retryAfter()).hasValueSatisfying(t -> assertThat(t).isAfter(before));
        });
        Failure failure = m.get(h.id()).orElseThrow().failure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.CA_RATE_LIMITED);
        assertThat(failure.retryAfter()).isPresent();
        assertThat(m.get(h.id()).orElseThrow().state()).isEqualTo(CertificateState.FAILED);
    }

    @Test
    void challengeTheCaCannotValidateFailsWithTheProblemPerIdentifierAndCleansUp() throws Exception {
        // this CA resolves against an empty DNS server: it never sees the records the manager published
        try (TestDnsServer empty = TestDnsServer.builder().noManagement().start();
             TestCa blind = TestCa.builder().noManagement().dnsResolver(empty.address()).start()) {
            CertificateManager m = started(CertificateManager.builder()
                    .issuer(dev.certpilot.acme.AcmeIssuer.at(blind.directoryUrl()).name("blind")
                            .trustStore(blind.trustStore()).agreeToTermsOfService().build())
                    .dns(ZONE, new EnvironmentDnsProvider(env.dns()))
                    .propagation(propagation()));
            String apex = freshName();
            CertificateHandle h = m.request(CertificateRequest.forDomains(apex, "*." + apex).build());
            assertThatThrownBy(() -> h.awaitIssued(ISSUE_TIMEOUT)).isInstanceOfSatisfying(
                    dev.certpilot.CaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CHALLENGE_FAILED);
                        assertThat(e.problem().orElseThrow().subproblems()).isNotEmpty()
                                .allSatisfy(p -> assertThat(p.identifier()).isPresent());
                        assertThat(e.getMessage()).contains(apex);
                    });
            assertThat(env.dns().txt("_acme-challenge." + apex)).isEmpty();
            assertThat(m.timeline(h.id())).extracting(CertificateEvent::type)
                    .containsSubsequence(EventType.DNS_PROPAGATED, EventType.DNS_CLEANED, EventType.CERT_FAILED);
        }
    }

    @Test
    void externalAccountBindingIsUsedWhenTheCaRequiresIt() throws Exception {
        String hmac = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        try (TestCa eabCa = TestCa.builder().noManagement().dnsResolver(env.dnsAddress()).eab("kid-1", hmac)
                .eabRequired(true).start()) {
            CertificateManager without = started(CertificateManager.builder()
                    .issuer(dev.certpilot.acme.AcmeIssuer.at(eabCa.directoryUrl()).name("eab")
                            .trustStore(eabCa.trustStore()).agreeToTermsOfService().build())
                    .dns(ZONE, new EnvironmentDnsProvider(env.dns())).propagation(propagation()));
            CertificateHandle refused = without.request(CertificateRequest.forDomains(freshName()).build());
            assertThatThrownBy(() -> refused.awaitIssued(ISSUE_TIMEOUT)).isInstanceOfSatisfying(
                    CertpilotException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CA_ERROR);
                        assertThat(e.getMessage()).contains("externalAccountRequired");
                        assertThat(e.getMessage()).doesNotContain(hmac);
                    });

            CertificateManager with = started(CertificateManager.builder()
                    .issuer(dev.certpilot.acme.AcmeIssuer.at(eabCa.directoryUrl()).name("eab")
                            .trustStore(eabCa.trustStore()).agreeToTermsOfService()
                            .externalAccountBinding("kid-1", hmac).build())
                    .dns(ZONE, new EnvironmentDnsProvider(env.dns())).propagation(propagation()));
            ManagedCertificate cert = with.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
            assertThat(with.toString()).doesNotContain(hmac);
        }
    }

    @Test
    void accountTheCaNoLongerKnowsIsRegisteredAgainWithTheSameKey() throws Exception {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        dev.certpilot.KeyProtection kp = dev.certpilot.KeyProtection.ephemeral();
        String directory;
        String firstUrl;
        try (TestCa first = TestCa.builder().noManagement().dnsResolver(env.dnsAddress()).start()) {
            directory = first.directoryUrl().toString();
            CertificateManager m = started(CertificateManager.builder()
                    .issuer(dev.certpilot.acme.AcmeIssuer.at(first.directoryUrl()).name("ca")
                            .trustStore(first.trustStore()).agreeToTermsOfService().build())
                    .dns(ZONE, new EnvironmentDnsProvider(env.dns())).propagation(propagation())
                    .store(store).keyProtection(kp));
            m.request(CertificateRequest.forDomains(freshName()).build()).awaitIssued(ISSUE_TIMEOUT);
            m.close();
            firstUrl = store.accounts().get(0).accountUrl().orElseThrow();
        }
        // a new CA at the same address: it has never heard of the stored account
        int port = java.net.URI.create(directory).getPort();
        try (TestCa reset = TestCa.builder().noManagement().port(port).dnsResolver(env.dnsAddress()).start()) {
            assertThat(reset.directoryUrl().toString()).isEqualTo(directory);
            CertificateManager m = started(CertificateManager.builder()
                    .issuer(dev.certpilot.acme.AcmeIssuer.at(reset.directoryUrl()).name("ca")
                            .trustStore(reset.trustStore()).agreeToTermsOfService().build())
                    .dns(ZONE, new EnvironmentDnsProvider(env.dns())).propagation(propagation())
                    .store(store).keyProtection(kp));
            ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                    .awaitIssued(ISSUE_TIMEOUT);
            assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
            assertThat(store.accounts()).hasSize(1);
            assertThat(store.accounts().get(0).accountUrl()).isPresent().get().isNotEqualTo(firstUrl);
            assertThat(reset.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).hasSize(1);
        }
    }

    @Test
    void accountIsRegisteredExactlyOnceAtTheCa() throws Exception {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        dev.certpilot.KeyProtection kp = dev.certpilot.KeyProtection.ephemeral();
        int before = ca().events().ofType(CaEvent.Type.ACCOUNT_CREATED).size();
        for (int i = 0; i < 2; i++) {
            CertificateManager m = started(builder(store, new EnvironmentDnsProvider(env.dns())).keyProtection(kp)
                    .issuer());
            m.request(CertificateRequest.forDomains(freshName()).build()).awaitIssued(ISSUE_TIMEOUT);
            m.close();
        }
        assertThat(ca().events().ofType(CaEvent.Type.ACCOUNT_CREATED).size() - before).isEqualTo(1);
    }
}
