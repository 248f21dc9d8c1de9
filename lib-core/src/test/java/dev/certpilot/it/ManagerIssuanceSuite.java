package dev.certpilot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateManagerBuilder;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.Checkpoints;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.KeyProtection;
import dev.certpilot.KeyType;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.internal.crypto.Csrs;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.Capability;
import dev.certpilot.testing.ManualScheduler;
import dev.certpilot.testing.MutableClock;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CertificateManager} end to end against a real ACME CA and DNS server: run against the bundled test CA and
 * against real Pebble 2.4 + pebble-challtestsrv by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ManagerIssuanceSuite {

    /** How long any single issuance may take in these tests. */
    protected static final Duration ISSUE_TIMEOUT = Duration.ofSeconds(60);

    /** The zone every test name lives in. */
    protected static final String ZONE = "example.test";

    /** The environment under test, started once per class. */
    protected AcmeTestEnvironment env;
    private final List<CertificateManager> managers = new ArrayList<>();

    /** Starts the environment. */
    protected abstract AcmeTestEnvironment startEnvironment();

    @BeforeAll
    void startEnv() {
        env = startEnvironment();
    }

    @AfterAll
    void stopEnv() {
        if (env != null) {
            env.close();
        }
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(CertificateManager::close);
        managers.clear();
    }

    /** A fresh name under {@link #ZONE}, so tests never share authorizations. */
    protected static String freshName() {
        return "t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "." + ZONE;
    }

    /** An issuer for this environment's CA. */
    protected AcmeIssuer.Builder issuer(String name) {
        return AcmeIssuer.at(env.directoryUrl()).name(name).trustStore(env.trustStore()).agreeToTermsOfService()
                .contact("mailto:certpilot-tests@example.test");
    }

    /** Propagation checked at the environment's DNS server only, polled quickly. */
    protected PropagationSettings propagation() {
        return PropagationSettings.builder().resolver(env.dnsAddress()).nameservers(env.dnsAddress())
                .interval(Duration.ofMillis(20), Duration.ofMillis(200)).queryTimeout(Duration.ofSeconds(2)).build();
    }

    /** A builder for a manager on this environment; customize, then {@link #started}. */
    protected CertificateManagerBuilder builder(CertificateStore store, DnsChallengeProvider dns) {
        return CertificateManager.builder()
                .issuer(issuer("primary").build())
                .dns(ZONE, dns)
                .store(store)
                .propagation(propagation());
    }

    /** Builds and starts a manager that is closed after the test. */
    protected CertificateManager started(CertificateManagerBuilder builder) {
        CertificateManager m = builder.build();
        managers.add(m);
        m.start();
        return m;
    }

    /** A started manager with an in-memory store and the environment's DNS. */
    protected CertificateManager manager() {
        return started(builder(new InMemoryCertificateStore(), new EnvironmentDnsProvider(env.dns())));
    }

    @Test
    void singleNameIsIssuedStoredAndCleanedUp() throws Exception {
        CertificateManager m = manager();
        String name = freshName();
        CertificateHandle h = m.request(CertificateRequest.forDomains(name).label("team", "web").build());
        assertThat(h.state()).isIn(CertificateState.PENDING, CertificateState.VALIDATING, CertificateState.ISSUED);
        ManagedCertificate cert = h.awaitIssued(ISSUE_TIMEOUT);

        assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(cert.names()).containsExactly(name);
        assertThat(cert.version()).isEqualTo(1);
        assertThat(cert.issuer()).contains("primary");
        X509Certificate leaf = cert.certificate().orElseThrow();
        assertThat(sans(leaf)).containsExactly(name);
        assertThat(cert.serial()).contains(leaf.getSerialNumber().toString(16));
        assertThat(cert.notAfter()).contains(leaf.getNotAfter().toInstant());
        assertThat(cert.chain()).hasSizeGreaterThanOrEqualTo(2);
        assertKeyMatches(cert);
        assertThat(cert.toString()).doesNotContain("PRIVATE");
        assertThat(cert.nextRenewalAt()).isPresent();
        assertThat(cert.failure()).isEmpty();
        assertThat(env.dns().txt("_acme-challenge." + name)).isEmpty();

        assertThat(m.timeline(cert.id())).extracting(CertificateEvent::type).containsSubsequence(
                EventType.CERT_REQUESTED, EventType.ORDER_CREATED, EventType.DNS_PUBLISHED, EventType.DNS_PROPAGATED,
                EventType.CHALLENGE_VALIDATED, EventType.DNS_CLEANED, EventType.CERT_ISSUED);
        assertThat(m.get(cert.id()).orElseThrow().serial()).isEqualTo(cert.serial());
        assertThat(m.list(CertificateFilter.builder().label("team", "web").build(), PageRequest.first(10)).items())
                .extracting(ManagedCertificate::id).containsExactly(cert.id());
    }

    @Test
    void apexAndWildcardShareOneRecordNameWithTwoValues() throws Exception {
        EnvironmentDnsProvider dns = new EnvironmentDnsProvider(env.dns());
        CertificateManager m = started(builder(new InMemoryCertificateStore(), dns));
        String apex = freshName();
        ManagedCertificate cert = m.request(CertificateRequest.forDomains(apex, "*." + apex).build())
                .awaitIssued(ISSUE_TIMEOUT);
        assertThat(sans(cert.certificate().orElseThrow())).containsExactlyInAnyOrder(apex, "*." + apex);
        List<String> presents = dns.calls.stream().filter(c -> c.startsWith("present ")).toList();
        // with authorization reuse a CA may skip one of them; when both were needed they share the name
        assertThat(presents).allMatch(c -> c.startsWith("present _acme-challenge." + apex + " "));
        assertThat(env.dns().txt("_acme-challenge." + apex)).isEmpty();
    }

    @Test
    void hundredNamesInOneCertificate() throws Exception {
        CertificateManager m = manager();
        String base = freshName();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add("n" + i + "." + base);
        }
        ManagedCertificate cert = m.request(CertificateRequest.forDomains(names).build()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(sans(cert.certificate().orElseThrow())).containsExactlyInAnyOrderElementsOf(names);
        for (String n : List.of(names.get(0), names.get(99))) {
            assertThat(env.dns().txt("_acme-challenge." + n)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyType(KeyType type) throws Exception {
        ManagedCertificate cert = manager().request(CertificateRequest.forDomains(freshName()).keyType(type).build())
                .awaitIssued(ISSUE_TIMEOUT);
        PublicKey pub = cert.certificate().orElseThrow().getPublicKey();
        if (type.isEc()) {
            assertThat(((ECPublicKey) pub).getParams().getCurve().getField().getFieldSize()).isEqualTo(type.bits());
        } else {
            assertThat(((RSAPublicKey) pub).getModulus().bitLength()).isEqualTo(type.bits());
        }
        assertThat(cert.keyType()).isEqualTo(type);
        assertKeyMatches(cert);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void everyAccountKeyTypeSignsRequests(KeyType type) throws Exception {
        // the account key is stored encrypted, read back and turned into a signing key (BouncyCastle for EC)
        CertificateManager m = started(CertificateManager.builder()
                .issuer(issuer("account-" + type).accountKeyType(type).build())
                .dns(ZONE, new EnvironmentDnsProvider(env.dns()))
                .propagation(propagation()));
        ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                .awaitIssued(ISSUE_TIMEOUT);
        assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
        assertKeyMatches(cert);
    }

    @Test
    void callersOwnCsrGetsACertificateAndNoKeyIsStored() throws Exception {
        String name = freshName();
        KeyPair pair = Keys.generate(KeyType.EC_P384);
        String csr = Pem.block("CERTIFICATE REQUEST", Csrs.build(pair, List.of(name, "*." + name)));
        ManagedCertificate cert = manager().request(CertificateRequest.forCsr(csr).build()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(cert.hasPrivateKey()).isFalse();
        assertThat(cert.privateKey()).isEmpty();
        assertThat(cert.keyType()).isEqualTo(KeyType.EC_P384);
        assertThat(cert.certificate().orElseThrow().getPublicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void accountIsCreatedOnceAndReusedAfterRestart() throws Exception {
        CertificateStore store = new InMemoryCertificateStore();
        KeyProtection protection = KeyProtection.ephemeral();
        CertificateManager first = started(builder(store, new EnvironmentDnsProvider(env.dns()))
                .keyProtection(protection));
        first.request(CertificateRequest.forDomains(freshName()).build()).awaitIssued(ISSUE_TIMEOUT);
        first.close();
        assertThat(store.accounts()).hasSize(1);
        String accountUrl = store.accounts().get(0).accountUrl().orElseThrow();

        CertificateManager second = started(builder(store, new EnvironmentDnsProvider(env.dns()))
                .keyProtection(protection));
        second.request(CertificateRequest.forDomains(freshName()).build()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(store.accounts()).hasSize(1);
        assertThat(store.accounts().get(0).accountUrl()).contains(accountUrl);
        assertThat(store.accounts().get(0).revision()).isEqualTo(2);
    }

    @Test
    void renewByHandKeepsTheIdAndReplacesCertificateAndKey() throws Exception {
        CertificateManager m = manager();
        String apex = freshName();
        ManagedCertificate first = m.request(CertificateRequest.forDomains(apex, "*." + apex).build())
                .awaitIssued(ISSUE_TIMEOUT);
        ManagedCertificate second = m.renew(first.id()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.serial()).isNotEqualTo(first.serial());
        assertThat(second.privateKey().orElseThrow().getEncoded())
                .isNotEqualTo(first.privateKey().orElseThrow().getEncoded());
        assertKeyMatches(second);
        // a second renewal replaces an already replaced certificate's successor: fine with or without ARI
        ManagedCertificate third = m.renew(first.id()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(third.version()).isEqualTo(3);
        assertThat(m.timeline(first.id())).extracting(CertificateEvent::type)
                .containsSubsequence(EventType.CERT_ISSUED, EventType.RENEWAL_STARTED, EventType.CERT_RENEWED,
                        EventType.RENEWAL_STARTED, EventType.CERT_RENEWED);
        assertThat(env.dns().txt("_acme-challenge." + apex)).isEmpty();
    }

    @Test
    void reuseKeyKeepsTheKeyAcrossRenewals() throws Exception {
        CertificateManager m = manager();
        ManagedCertificate first = m.request(CertificateRequest.forDomains(freshName()).reuseKey(true).build())
                .awaitIssued(ISSUE_TIMEOUT);
        ManagedCertificate second = m.renew(first.id()).awaitIssued(ISSUE_TIMEOUT);
        assertThat(second.serial()).isNotEqualTo(first.serial());
        assertThat(second.certificate().orElseThrow().getPublicKey().getEncoded())
                .isEqualTo(first.certificate().orElseThrow().getPublicKey().getEncoded());
        assertKeyMatches(second);
    }

    @Test
    void nameInNoZoneIsRefusedBeforeAnythingIsStoredOrOrdered() {
        CertificateStore store = new InMemoryCertificateStore();
        CertificateManager m = started(builder(store, new EnvironmentDnsProvider(env.dns())));
        assertThatThrownBy(() -> m.request(CertificateRequest.forDomains(freshName(), "www.elsewhere.test").build()))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DOMAIN_NOT_IN_ZONE);
                    assertThat(e.getMessage()).contains("www.elsewhere.test");
                });
        assertThat(store.countCertificates(CertificateFilter.ALL)).isZero();
        assertThat(store.accounts()).isEmpty();
    }

    @Test
    void unreachableFirstIssuerFallsBackToTheNext() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AcmeIssuer dead = AcmeIssuer.at("https://127.0.0.1:" + closedPort + "/dir").name("dead")
                .timeout(Duration.ofSeconds(2)).agreeToTermsOfService().build();
        CertificateManager m = started(CertificateManager.builder()
                .issuer(dead, issuer("alive").build())
                .dns(ZONE, new EnvironmentDnsProvider(env.dns()))
                .propagation(propagation()));
        ManagedCertificate cert = m.request(CertificateRequest.forDomains(freshName()).build())
                .awaitIssued(ISSUE_TIMEOUT);
        assertThat(cert.issuer()).contains("alive");
        CertificateEvent fallback = m.timeline(cert.id()).stream()
                .filter(e -> e.type() == EventType.ISSUER_FALLBACK).findFirst().orElseThrow();
        assertThat(fallback.details()).containsEntry("from", "dead").containsEntry("to", "alive")
                .containsEntry("code", "CA_ERROR");
    }

    @Test
    void failureAfterPublishingCleansUpEveryRecord() throws Exception {
        // the provider publishes a wrong value: the records never become visible, propagation times out
        EnvironmentDnsProvider real = new EnvironmentDnsProvider(env.dns());
        DnsChallengeProvider wrong = new DnsChallengeProvider() {
            @Override
            public void present(ChallengeRecord r) {
                real.present(ChallengeRecord.of(r.zone(), r.fqdn(), r.value() + "-wrong"));
            }

            @Override
            public void cleanup(ChallengeRecord r) {
                real.cleanup(ChallengeRecord.of(r.zone(), r.fqdn(), r.value() + "-wrong"));
            }
        };
        CertificateManager m = started(builder(new InMemoryCertificateStore(), wrong)
                .propagation(propagation().toBuilder().timeout(Duration.ofMillis(300)).build()));
        String apex = freshName();
        CertificateHandle h = m.request(CertificateRequest.forDomains(apex, "*." + apex).build());
        assertThatThrownBy(() -> h.awaitIssued(ISSUE_TIMEOUT)).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROPAGATION_TIMEOUT));
        assertThat(env.dns().txt("_acme-challenge." + apex)).isEmpty();
        ManagedCertificate failed = m.get(h.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(CertificateState.FAILED);
        assertThat(failed.failure().orElseThrow().code()).isEqualTo(ErrorCode.DNS_PROPAGATION_TIMEOUT);
        assertThat(failed.isBusy()).isFalse();
        assertThat(m.timeline(h.id())).extracting(CertificateEvent::type)
                .containsSubsequence(EventType.DNS_PUBLISHED, EventType.DNS_CLEANED, EventType.CERT_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATED", "ORDER_CREATED", "PUBLISHING", "PUBLISHED", "PROPAGATED", "TRIGGERED",
            "VALIDATED", "KEY_READY", "FINALIZED"})
    void jobKilledAfterEachCheckpointIsResumedByTheNextManager(String step) throws Exception {
        crashAndResume(step, false, Checkpoints.EVERY_STEP,
                interrupted -> assertThat(interrupted.step()).isEqualTo(step));
    }

    /**
     * With {@link Checkpoints#ESSENTIAL} (the default) a job writes three times on its way: the request, then the
     * order with the records to publish and the encrypted key, then the certificate. The crash comes right after
     * such a write, or right before it, when everything it records has been done (the order created; records
     * published, challenges validated, records removed, the order finalized and the certificate downloaded). The
     * next manager finishes each, with the stored key, no record left behind, and a second order only where the
     * first was never written down.
     */
    @ParameterizedTest
    @ValueSource(strings = {"after CREATED", "before PUBLISHING", "after PUBLISHING", "before DONE"})
    void jobKilledAroundEachEssentialWriteIsResumedByTheNextManager(String crash) throws Exception {
        boolean before = crash.startsWith("before ");
        String step = crash.substring(crash.indexOf(' ') + 1);
        crashAndResume(step, before, Checkpoints.ESSENTIAL, interrupted -> {
            if (crash.equals("before DONE")) {
                // the records and key, or a later step written when the job waited or renewed its lease
                assertThat(interrupted.step()).isIn("PUBLISHING", "PUBLISHED", "PROPAGATED", "TRIGGERED",
                        "VALIDATED", "KEY_READY", "FINALIZED");
            } else {
                assertThat(interrupted.step()).isEqualTo(before ? "CREATED" : step);
            }
            assertThat(interrupted.pendingKey().isPresent()).as("key written with the records")
                    .isEqualTo(!interrupted.step().equals("CREATED"));
        });
    }

    /**
     * A manager writing {@code checkpoints} "dies" (its store throws an {@link Error} and refuses further writes)
     * right after the commit of job step {@code crashStep}, or right before it; {@code checkInterrupted} looks at
     * the job as it was left. A second manager whose clock is past the dead one's lease then finishes the
     * certificate: issued for apex and wildcard with the stored key, one succeeded job without key or records, no
     * TXT record left, the written order (if one was written) kept, one order and one issuance in the timeline.
     */
    private void crashAndResume(String crashStep, boolean before, Checkpoints checkpoints,
                                Consumer<JobRecord> checkInterrupted) throws Exception {
        CertificateStore shared = new InMemoryCertificateStore();
        KeyProtection protection = KeyProtection.ephemeral();
        CrashingStore crashing = new CrashingStore(shared, crashStep, before);
        Duration lease = Duration.ofSeconds(30);
        CertificateManager doomed = started(builder(crashing, new EnvironmentDnsProvider(env.dns()))
                .checkpoints(checkpoints).keyProtection(protection).instanceId("doomed").leaseDuration(lease));
        String apex = freshName();
        if (crashStep.equals("CREATED")) {
            // the request's own commit is the CREATED checkpoint: the caller sees the crash
            assertThatThrownBy(() -> doomed.request(CertificateRequest.forDomains(apex, "*." + apex).build()))
                    .isInstanceOf(CrashingStore.SimulatedCrash.class);
        } else {
            CertificateHandle h = doomed.request(CertificateRequest.forDomains(apex, "*." + apex).build());
            awaitCrash(crashing);
            assertThat(h.future()).isNotDone();
        }
        String certId = shared.listCertificates(CertificateFilter.ALL, PageRequest.first(10)).items().get(0).id();
        JobRecord interrupted = shared.jobsOf(certId).get(0);
        assertThat(interrupted.status()).isEqualTo(JobStatus.ACTIVE);
        checkInterrupted.accept(interrupted);
        doomed.close();

        CertificateManager survivor = started(builder(shared, new EnvironmentDnsProvider(env.dns()))
                .keyProtection(protection).instanceId("survivor").jobPollInterval(Duration.ofMillis(50))
                .clock(Clock.offset(Clock.systemUTC(), lease.plusSeconds(1))));
        ManagedCertificate cert = survivor.handle(certId).awaitIssued(ISSUE_TIMEOUT);

        assertThat(cert.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(sans(cert.certificate().orElseThrow())).containsExactlyInAnyOrder(apex, "*." + apex);
        assertKeyMatches(cert);
        assertThat(env.dns().txt("_acme-challenge." + apex)).isEmpty();
        List<JobRecord> jobs = shared.jobsOf(certId);
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(j.pendingKey()).isEmpty();
            assertThat(j.records()).isEmpty();
        });
        if (interrupted.orderUrl().isPresent()) {
            assertThat(jobs.get(0).orderUrl()).as("the order written before the crash is finished")
                    .isEqualTo(interrupted.orderUrl());
        }
        List<EventType> types = survivor.timeline(certId).stream().map(CertificateEvent::type).toList();
        assertThat(types).contains(EventType.JOB_RESUMED, EventType.CERT_ISSUED);
        assertThat(types.stream().filter(t -> t == EventType.CERT_ISSUED).count()).isEqualTo(1);
        assertThat(types.stream().filter(t -> t == EventType.ORDER_CREATED).count())
                .as("a resumed job keeps a written order; an order never written is replaced").isEqualTo(1);
    }

    @Test
    void scheduledRenewalFollowsAriWhereOfferedElseTheConfiguredWindow() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.now());
        ManualScheduler scheduler = new ManualScheduler(clock);
        EventRecorder events = new EventRecorder();
        CertificateManager m = started(builder(new InMemoryCertificateStore(), new EnvironmentDnsProvider(env.dns()))
                .clock(clock).scheduler(scheduler).listener(events));
        // time only moves when the test moves it: drive the scheduler while the CA validates (Pebble does it later)
        CertificateHandle first = m.request(CertificateRequest.forDomains(freshName()).build());
        long issueDeadline = System.nanoTime() + ISSUE_TIMEOUT.toNanos();
        while (!first.future().isDone() && System.nanoTime() < issueDeadline) {
            scheduler.advance(Duration.ofMillis(50));
            Thread.sleep(5);
        }
        ManagedCertificate cert = first.awaitIssued(Duration.ofSeconds(1));
        CertificateEvent scheduled = events.await(cert.id(), EventType.RENEWAL_SCHEDULED, 1, ISSUE_TIMEOUT);
        assertThat(scheduled.details()).containsEntry("source", env.supports(Capability.ARI) ? "ari" : "window");
        java.time.Instant at = cert.nextRenewalAt().orElseThrow();
        assertThat(at).isBefore(cert.notAfter().orElseThrow()).isAfter(clock.instant());

        scheduler.advance(Duration.between(clock.instant(), at));
        scheduler.advance(Duration.ofMinutes(1));
        // the CA validates on its own time: keep the job's polling going while waiting
        events.await(cert.id(), EventType.RENEWAL_STARTED, 1, ISSUE_TIMEOUT);
        long deadline = System.nanoTime() + ISSUE_TIMEOUT.toNanos();
        while (!events.waitFor(cert.id(), EventType.CERT_RENEWED, 1, Duration.ofMillis(10))
                && System.nanoTime() < deadline) {
            scheduler.advance(Duration.ofMillis(50));
        }
        ManagedCertificate renewed = m.get(cert.id()).orElseThrow();
        assertThat(renewed.version()).isEqualTo(2);
        assertThat(renewed.serial()).isNotEqualTo(cert.serial());
        assertKeyMatches(renewed);
        assertThat(env.dns().txt("_acme-challenge." + cert.names().get(0))).isEmpty();
    }

    private static void awaitCrash(CrashingStore store) throws InterruptedException {
        long deadline = System.nanoTime() + ISSUE_TIMEOUT.toNanos();
        while (!store.crashed()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job never reached its checkpoint");
            }
            Thread.sleep(5);
        }
    }

    /** The DNS subject alternative names of a certificate, lower case. */
    protected static List<String> sans(X509Certificate c) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(san.get(0))) {
                out.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The stored private key signs what the certificate's public key verifies. */
    protected static void assertKeyMatches(ManagedCertificate cert) throws Exception {
        var key = cert.privateKey().orElseThrow();
        PublicKey pub = cert.certificate().orElseThrow().getPublicKey();
        String alg = pub.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        byte[] data = "certpilot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(pub);
        v.update(data);
        assertThat(v.verify(sig)).as("stored key matches the certificate").isTrue();
    }

    /** Applies {@code customize} and returns the builder (readability helper for subclasses). */
    protected static CertificateManagerBuilder with(CertificateManagerBuilder b, Consumer<CertificateManagerBuilder> customize) {
        customize.accept(b);
        return b;
    }
}
