package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.TIMEOUT;
import static dev.certpilot.it.LifecycleEnvironment.ZONE;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static dev.certpilot.it.LifecycleEnvironment.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.HealthStatus;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.KeyProtection;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.RevocationReason;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.CertificateStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Revocation and deletion, also of certificates with a job in flight. */
class RevokeDeleteTest {

    private final LifecycleEnvironment env = new LifecycleEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void revokedCertificateIsReportedRevokedByTheCaAndNotRenewed() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));

        ManagedCertificate revoked = m.revoke(cert.id(), RevocationReason.KEY_COMPROMISE);

        assertThat(revoked.state()).isEqualTo(CertificateState.REVOKED);
        assertThat(revoked.nextRenewalAt()).isEmpty();
        assertThat(revoked.health().status()).isEqualTo(HealthStatus.INACTIVE);
        CertificateStatus status = env.ca.certificateStatus(cert.certificate().orElseThrow().getSerialNumber())
                .orElseThrow();
        assertThat(status.revoked()).isTrue();
        assertThat(status.reason()).contains(1);
        assertThat(env.events.of(cert.id(), EventType.CERT_REVOKED)).singleElement().satisfies(e ->
                assertThat(e.details()).containsEntry("serial", cert.serial().orElseThrow())
                        .containsEntry("reason", "KEY_COMPROMISE").containsEntry("reasonCode", "1"));
        assertThat(m.revoke(cert.id(), RevocationReason.KEY_COMPROMISE).state()).isEqualTo(CertificateState.REVOKED);
        assertThat(env.ca.events().ofType(CaEvent.Type.CERTIFICATE_REVOKED)).as("revoked once").hasSize(1);

        env.advance(Duration.ofDays(80));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).isEmpty();
        assertThat(m.get(cert.id()).orElseThrow().state()).as("a revoked certificate does not expire")
                .isEqualTo(CertificateState.REVOKED);

        ManagedCertificate reissued = m.renew(cert.id()).awaitIssued(TIMEOUT);
        assertThat(reissued.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(reissued.version()).isEqualTo(2);
    }

    @Test
    void onlyIssuedCertificatesCanBeRevoked() {
        HoldingDnsProvider dns = new HoldingDnsProvider(env.ca.dns());
        dns.hold = true;
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).dns(ZONE, dns));
        CertificateHandle pending = m.request(CertificateRequest.forDomains(freshName()).build());
        assertThatThrownBy(() -> m.revoke(pending.id(), RevocationReason.UNSPECIFIED))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
        assertThatThrownBy(() -> m.revoke("nope", RevocationReason.UNSPECIFIED))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_NOT_FOUND));
    }

    @Test
    void deleteWithRevokeFirstRevokesThenLeavesOnlyTheTimeline() throws Exception {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        CertificateManager m = env.start(env.builder(store));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));

        m.delete(cert.id(), true);

        assertThat(m.get(cert.id())).isEmpty();
        assertThat(store.jobsOf(cert.id())).isEmpty();
        assertThat(m.list(CertificateFilter.ALL, PageRequest.first(10)).items()).isEmpty();
        CertificateStatus status = env.ca.certificateStatus(cert.certificate().orElseThrow().getSerialNumber())
                .orElseThrow();
        assertThat(status.revoked()).isTrue();
        assertThat(status.reason()).contains(RevocationReason.CESSATION_OF_OPERATION.code());
        List<CertificateEvent> timeline = m.timeline(cert.id());
        assertThat(timeline).extracting(CertificateEvent::type)
                .containsSubsequence(EventType.CERT_ISSUED, EventType.CERT_REVOKED, EventType.CERT_DELETED);
        assertThat(timeline.get(timeline.size() - 1).details()).containsEntry("revoked", "true")
                .containsEntry("serial", cert.serial().orElseThrow());
        assertThat(env.events.of(cert.id(), EventType.CERT_DELETED)).hasSize(1);
        assertThatThrownBy(() -> m.delete(cert.id(), false)).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_NOT_FOUND));
    }

    @Test
    void deleteWithoutRevokingLeavesTheCertificateValidAtTheCa() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        m.delete(cert.id(), false);
        assertThat(env.ca.certificateStatus(cert.certificate().orElseThrow().getSerialNumber()).orElseThrow()
                .revoked()).isFalse();
        List<CertificateEvent> timeline = m.timeline(cert.id());
        assertThat(timeline.get(timeline.size() - 1).type()).isEqualTo(EventType.CERT_DELETED);
        assertThat(timeline.get(timeline.size() - 1).details()).containsEntry("revoked", "false");
    }

    @Test
    void deleteCancelsAJobInFlightAndCleansUpItsRecords() throws Exception {
        HoldingDnsProvider dns = new HoldingDnsProvider(env.ca.dns());
        dns.hold = true;
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        CertificateManager m = env.start(env.builder(store).dns(ZONE, dns));
        String apex = freshName();
        CertificateHandle h = m.request(CertificateRequest.forDomains(apex, "*." + apex).build());
        env.events.await(h.id(), EventType.DNS_PUBLISHED, 1, TIMEOUT);
        String jobId = store.jobsOf(h.id()).get(0).id();

        m.delete(h.id(), false);

        assertThatThrownBy(() -> h.future().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CERTIFICATE_NOT_FOUND));
        assertThat(dns.presented).hasSize(2);
        assertThat(dns.cleaned).containsAll(dns.presented);
        assertThat(env.ca.dns().txt("_acme-challenge." + apex)).isEmpty();
        assertThat(store.jobsOf(h.id())).isEmpty();
        List<CertificateEvent> timeline = m.timeline(h.id());
        assertThat(timeline).extracting(CertificateEvent::type)
                .containsSubsequence(EventType.DNS_PUBLISHED, EventType.DNS_CLEANED, EventType.CERT_DELETED);
        assertThat(timeline.get(timeline.size() - 1).details()).containsEntry("cancelledJob", jobId);

        // the execution stopped: time passing wakes nothing, the CA sees nothing more for these names
        env.advance(Duration.ofMinutes(30));
        assertThat(m.timeline(h.id())).hasSize(timeline.size());
        assertThat(env.ca.events().all().stream().filter(e -> e.identifiers().contains(apex))
                .map(CaEvent::type)).containsExactly(CaEvent.Type.ORDER_CREATED);
        dns.hold = false;
        assertThat(issue(m, CertificateRequest.forDomains(freshName())).state()).isEqualTo(CertificateState.ISSUED);
    }

    @Test
    void anotherInstanceWorkingOnADeletedCertificateStopsAtItsNextWriteAndCleansUp() throws Exception {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        KeyProtection keys = KeyProtection.ephemeral();
        HoldingDnsProvider workerDns = new HoldingDnsProvider(env.ca.dns());
        workerDns.hold = true;
        CertificateManager worker = env.start(env.builder(store).dns(ZONE, workerDns).keyProtection(keys)
                .instanceId("worker").leaseDuration(Duration.ofMinutes(2)));
        HoldingDnsProvider adminDns = new HoldingDnsProvider(env.ca.dns());
        CertificateManager admin = env.start(env.builder(store).dns(ZONE, adminDns).keyProtection(keys)
                .instanceId("admin"));
        CertificateHandle h = worker.request(CertificateRequest.forDomains(freshName()).build());
        env.events.await(h.id(), EventType.DNS_PUBLISHED, 1, TIMEOUT);

        admin.delete(h.id(), false);
        assertThat(adminDns.cleaned).containsExactlyElementsOf(workerDns.presented);
        assertThat(workerDns.cleaned).isEmpty();

        // the worker's next write (its lease renewal, due after half the lease) fails: it stops and cleans up. The
        // worker schedules its next propagation check on its own thread, possibly only after the clock moved: time
        // keeps moving in small steps (far below the lease and the propagation timeout) until the check has run
        env.advance(Duration.ofSeconds(61));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!workerDns.cleanedWithin(workerDns.presented.size(), Duration.ofMillis(20))
                && System.nanoTime() < deadline) {
            env.advance(Duration.ofMillis(100));
        }
        workerDns.awaitCleaned(workerDns.presented.size(), Duration.ZERO);
        assertThat(workerDns.cleaned).containsExactlyElementsOf(workerDns.presented);
        assertThat(h.future()).isNotCompleted();
    }
}
