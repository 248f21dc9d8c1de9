package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.TIMEOUT;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static dev.certpilot.it.LifecycleEnvironment.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.KeyProtection;
import dev.certpilot.KeyType;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.RevocationReason;
import dev.certpilot.internal.crypto.Csrs;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.spi.Delivery;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every issued version reaches its targets: in parallel, with results in the timeline, retries, dry runs, crashes. */
class DistributionTest {

    private final LifecycleEnvironment env = new LifecycleEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void issuanceAndRenewalAreDeliveredToEveryTargetInParallel() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        RecordingTarget nginx = new RecordingTarget("nginx").meetAt(together);
        RecordingTarget vault = new RecordingTarget("vault").meetAt(together);
        RecordingTarget unused = new RecordingTarget("unused");
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).target(nginx, vault, unused));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).distributeTo("nginx", "vault"));

        env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 2, TIMEOUT);
        List<CertificateEvent> delivered = env.events.of(cert.id(), EventType.CERT_DISTRIBUTED);
        assertThat(delivered).extracting(e -> e.details().get("target")).containsExactlyInAnyOrder("nginx", "vault");
        assertThat(delivered).allSatisfy(e -> assertThat(e.details()).containsEntry("version", "1")
                .containsEntry("dryRun", "false").containsEntry("serial", cert.serial().orElseThrow())
                .containsKey("durationMillis"));
        assertThat(delivered.get(0).details().get("report")).startsWith("wrote /srv/").contains("\nwrote key: true");
        Delivery d = nginx.deliveries.get(0);
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.leaf().getSerialNumber().toString(16)).isEqualTo(cert.serial().orElseThrow());
        assertThat(d.privateKey()).isPresent();
        assertThat(d.privateKey().get().getEncoded()).isEqualTo(cert.privateKey().orElseThrow().getEncoded());
        assertThat(unused.deliveries).isEmpty();
        assertThat(awaitNoPending(m, cert.id()).pendingTargets()).isEmpty();

        ManagedCertificate renewed = m.renew(cert.id()).awaitIssued(TIMEOUT);
        env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 4, TIMEOUT);
        assertThat(nginx.deliveries).extracting(Delivery::version).containsExactly(1, 2);
        assertThat(vault.deliveries.get(1).leaf().getSerialNumber().toString(16))
                .isEqualTo(renewed.serial().orElseThrow());
    }

    @Test
    void failedTargetIsRetriedWithBackoffWithoutDeliveringAgainToTheOthers() throws Exception {
        RecordingTarget good = new RecordingTarget("good");
        RecordingTarget flaky = new RecordingTarget("flaky").failNext(2);
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).target(good, flaky));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).distributeTo("good", "flaky"));

        CertificateEvent failed = env.events.await(cert.id(), EventType.CERT_DISTRIBUTION_FAILED, 1, TIMEOUT);
        assertThat(failed.details()).containsEntry("target", "flaky").containsEntry("attempt", "1")
                .containsEntry("error", "IllegalStateException: disk full on flaky")
                .containsEntry("retryAt", failed.at().plus(Duration.ofMinutes(1)).toString());
        assertThat(env.events.of(cert.id(), EventType.CERT_DISTRIBUTED)).extracting(e -> e.details().get("target"))
                .containsExactly("good");
        assertThat(awaitPending(m, cert.id(), List.of("flaky")).pendingTargets()).containsExactly("flaky");

        env.advance(Duration.ofSeconds(30));
        assertThat(flaky.deliveries).as("not before the retry time").hasSize(1);
        // retried at the first check (every minute) from the retry time on
        env.advanceTo(Instant.parse(failed.details().get("retryAt")));
        env.advance(Duration.ofMinutes(1));
        CertificateEvent again = env.events.await(cert.id(), EventType.CERT_DISTRIBUTION_FAILED, 2, TIMEOUT);
        assertThat(again.details()).containsEntry("attempt", "2")
                .containsEntry("retryAt", again.at().plus(Duration.ofMinutes(2)).toString());
        env.advanceTo(Instant.parse(again.details().get("retryAt")));
        env.advance(Duration.ofMinutes(1));
        env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 2, TIMEOUT);

        assertThat(flaky.deliveries).hasSize(3);
        assertThat(good.deliveries).as("delivered once, not again with the retries").hasSize(1);
        assertThat(awaitNoPending(m, cert.id()).pendingTargets()).isEmpty();
        env.advance(Duration.ofHours(2));
        assertThat(flaky.deliveries).hasSize(3);
    }

    @Test
    void dryRunRecordsWhatWouldBeWritten() throws Exception {
        RecordingTarget target = new RecordingTarget("files");
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).target(target)
                .distributionDryRun(true));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).distributeTo("files"));
        CertificateEvent event = env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 1, TIMEOUT);
        assertThat(event.details()).containsEntry("dryRun", "true");
        assertThat(event.details().get("report")).startsWith("would write /srv/files/" + cert.id() + "-v1.pem");
        assertThat(target.deliveries).singleElement().satisfies(d -> assertThat(d.dryRun()).isTrue());
    }

    @Test
    void certificateFromACallersCsrIsDeliveredWithoutKey() throws Exception {
        RecordingTarget target = new RecordingTarget("files");
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).target(target));
        String name = freshName();
        KeyPair pair = Keys.generate(KeyType.EC_P256);
        String csr = Pem.block("CERTIFICATE REQUEST", Csrs.build(pair, List.of(name)));
        ManagedCertificate cert = issue(m, CertificateRequest.forCsr(csr).distributeTo("files"));
        CertificateEvent event = env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 1, TIMEOUT);
        assertThat(event.details().get("report")).contains("wrote key: false");
        assertThat(target.deliveries).singleElement().satisfies(d -> assertThat(d.privateKey()).isEmpty());
    }

    @Test
    void unknownTargetIsRefusedBeforeAnythingIsStored() {
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore())
                .target(new RecordingTarget("files")));
        assertThatThrownBy(() -> m.request(CertificateRequest.forDomains(freshName()).distributeTo("files", "nope")
                .build())).isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("'nope'").contains("[files]");
                });
        assertThat(m.list(CertificateFilter.ALL, PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> env.builder(new InMemoryCertificateStore())
                .target(new RecordingTarget("x"), new RecordingTarget("x")))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void certificateStoredButNotYetDistributedIsDistributedAfterACrash() throws Exception {
        InMemoryCertificateStore shared = new InMemoryCertificateStore();
        KeyProtection keys = KeyProtection.ephemeral();
        RecordingTarget beforeCrash = new RecordingTarget("files");
        CrashingStore crashing = new CrashingStore(shared, "DONE");
        CertificateManager doomed = env.start(env.builder(crashing).keyProtection(keys).instanceId("doomed")
                .target(beforeCrash));
        CertificateHandle h = doomed.request(CertificateRequest.forDomains(freshName()).distributeTo("files").build());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!crashing.crashed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(crashing.crashed()).as("died right after storing the certificate").isTrue();
        doomed.close();
        assertThat(beforeCrash.deliveries).isEmpty();

        RecordingTarget afterRestart = new RecordingTarget("files");
        CertificateManager survivor = env.start(env.builder(shared).keyProtection(keys).instanceId("survivor")
                .target(afterRestart));
        assertThat(survivor.get(h.id()).orElseThrow().pendingTargets()).containsExactly("files");
        // the dead instance's claim on the delivery lapses after five minutes
        env.advance(Duration.ofMinutes(4));
        assertThat(afterRestart.deliveries).isEmpty();
        env.advance(Duration.ofMinutes(1));
        env.events.await(h.id(), EventType.CERT_DISTRIBUTED, 1, TIMEOUT);
        assertThat(afterRestart.deliveries).singleElement().satisfies(d -> assertThat(d.version()).isEqualTo(1));
        assertThat(awaitNoPending(survivor, h.id()).pendingTargets()).isEmpty();
    }

    @Test
    void redistributeDeliversTheCurrentVersionAgain() throws Exception {
        RecordingTarget target = new RecordingTarget("files");
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).target(target));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).distributeTo("files"));
        env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 1, TIMEOUT);
        awaitNoPending(m, cert.id());

        m.redistribute(cert.id());
        env.events.await(cert.id(), EventType.CERT_DISTRIBUTED, 2, TIMEOUT);
        assertThat(target.deliveries).extracting(Delivery::version).containsExactly(1, 1);

        ManagedCertificate plain = issue(m, CertificateRequest.forDomains(freshName()));
        assertThatThrownBy(() -> m.redistribute(plain.id())).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        awaitNoPending(m, cert.id());
        m.revoke(cert.id(), RevocationReason.SUPERSEDED);
        assertThatThrownBy(() -> m.redistribute(cert.id())).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
    }

    /** The pending list is updated right after the events are delivered; wait for the store to show it. */
    private static ManagedCertificate awaitPending(CertificateManager m, String id, List<String> pending)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ManagedCertificate c = m.get(id).orElseThrow();
            if (c.pendingTargets().equals(pending) || System.nanoTime() > deadline) {
                return c;
            }
            Thread.sleep(5);
        }
    }

    private static ManagedCertificate awaitNoPending(CertificateManager m, String id) throws InterruptedException {
        return awaitPending(m, id, List.of());
    }
}
