package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.TIMEOUT;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static dev.certpilot.it.LifecycleEnvironment.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.EventType;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.RenewalSettings;
import dev.certpilot.testca.Endpoint;
import dev.certpilot.testca.RenewalWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When certificates are renewed: the CA's ARI window where offered, else the configured window; auto-renew off. */
class RenewalSchedulingTest {

    private final LifecycleEnvironment env = new LifecycleEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void ninetyDayCertificateIsRenewedInsideTheCasAriWindow() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        Instant nb = cert.notBefore().orElseThrow();
        CertificateEvent scheduled = single(cert.id(), EventType.RENEWAL_SCHEDULED);
        // the bundled CA suggests two thirds of the validity, +- a thirtieth: days 57 to 63 of 90
        assertThat(scheduled.details()).containsEntry("source", "ari")
                .containsEntry("windowStart", nb.plus(Duration.ofDays(57)).toString())
                .containsEntry("windowEnd", nb.plus(Duration.ofDays(63)).toString());
        Instant at = Instant.parse(scheduled.details().get("at"));
        assertThat(at).isBetween(nb.plus(Duration.ofDays(57)), nb.plus(Duration.ofDays(63)));
        assertThat(cert.nextRenewalAt()).contains(at);

        env.advanceTo(at.minusSeconds(60));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).isEmpty();
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_SCHEDULED)).as("an unchanged window keeps its time")
                .hasSize(1);

        env.advanceTo(at);
        CertificateEvent renewed = env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).details()).containsEntry("reason", "ari");
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).at()).isEqualTo(at);
        assertThat(env.events.of(cert.id(), EventType.ORDER_CREATED).get(1).details())
                .containsEntry("replaces", cert.serial().orElseThrow());
        ManagedCertificate after = m.get(cert.id()).orElseThrow();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(after.serial()).isNotEqualTo(cert.serial()).contains(renewed.details().get("serial"));
        assertThat(after.notAfter().orElseThrow()).isAfter(cert.notAfter().orElseThrow());
        assertThat(after.nextRenewalAt().orElseThrow()).isAfter(at.plus(Duration.ofDays(50)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"classic, 90", "sixday, 6"})
    void withoutAriTheConfiguredWindowEndsWhenAThirdOfTheLifetimeRemains(String profile, int days) throws Exception {
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore())
                .renewal(RenewalSettings.builder().ari(false).seed(3).build()));
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).profile(profile));
        Duration lifetime = Duration.between(cert.notBefore().orElseThrow(), cert.notAfter().orElseThrow());
        assertThat(lifetime).isBetween(Duration.ofDays(days).minusSeconds(1), Duration.ofDays(days));
        Instant end = cert.notAfter().orElseThrow().minus(lifetime.dividedBy(3));
        Instant start = end.minus(lifetime.dividedBy(30));
        CertificateEvent scheduled = single(cert.id(), EventType.RENEWAL_SCHEDULED);
        assertThat(scheduled.details()).containsEntry("source", "window")
                .containsEntry("windowStart", start.toString()).containsEntry("windowEnd", end.toString());
        Instant at = Instant.parse(scheduled.details().get("at"));
        assertThat(at).isBetween(start, end);

        env.advanceTo(start.minusSeconds(1));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).isEmpty();
        Duration step = lifetime.dividedBy(300);
        while (env.events.of(cert.id(), EventType.RENEWAL_STARTED).isEmpty()) {
            assertThat(env.clock.instant()).as("renewal started by the end of the window").isBefore(end.plus(step));
            env.advance(step);
        }
        CertificateEvent started = single(cert.id(), EventType.RENEWAL_STARTED);
        assertThat(started.details()).containsEntry("reason", "due");
        assertThat(started.at()).isBetween(at, at.plus(step));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(m.get(cert.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void ariWindowMovedByTheCaIsFollowed() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        Instant issued = env.clock.instant();
        Instant start = issued.plus(Duration.ofDays(10));
        Instant end = issued.plus(Duration.ofDays(11));
        env.ca.setRenewalInfo(cert.certificate().orElseThrow().getSerialNumber(), new RenewalWindow(start, end));

        // the CA asked to be asked again in 6 hours (Retry-After)
        env.advance(Duration.ofHours(5));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_SCHEDULED)).hasSize(1);
        env.advance(Duration.ofHours(1).plusMinutes(1));
        // asked in the background, so that a slow CA never slows the scheduler
        env.events.await(cert.id(), EventType.RENEWAL_SCHEDULED, 2, TIMEOUT);
        List<CertificateEvent> scheduled = env.events.of(cert.id(), EventType.RENEWAL_SCHEDULED);
        assertThat(scheduled).hasSize(2);
        assertThat(scheduled.get(1).details()).containsEntry("source", "ari")
                .containsEntry("windowStart", start.toString()).containsEntry("windowEnd", end.toString());
        Instant at = Instant.parse(scheduled.get(1).details().get("at"));
        assertThat(m.get(cert.id()).orElseThrow().nextRenewalAt()).contains(at);

        env.advanceTo(start.minusSeconds(1));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).isEmpty();
        env.advanceTo(at);
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).at()).isBetween(start, end);
    }

    @Test
    void windowInThePastRenewsAtTheNextPoll() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        // what a CA does before a mass revocation: the window moves to now
        env.ca.setRenewalInfo(cert.certificate().orElseThrow().getSerialNumber(),
                new RenewalWindow(env.clock.instant().minusSeconds(3600), env.clock.instant()));
        env.advance(Duration.ofHours(6).plusMinutes(1));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).details()).containsEntry("reason", "ari");
    }

    @Test
    void failingAriEndpointFallsBackToTheConfiguredWindow() throws Exception {
        env.ca.faults().failNext(Endpoint.RENEWAL_INFO, 10_000, 503);
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        Duration lifetime = Duration.between(cert.notBefore().orElseThrow(), cert.notAfter().orElseThrow());
        Instant end = cert.notAfter().orElseThrow().minus(lifetime.dividedBy(3));
        CertificateEvent scheduled = single(cert.id(), EventType.RENEWAL_SCHEDULED);
        assertThat(scheduled.details()).containsEntry("source", "window")
                .containsEntry("windowEnd", end.toString());
        assertThat(scheduled.details().get("reason")).contains("renewal information unavailable");
        Instant at = Instant.parse(scheduled.details().get("at"));

        // asked again every hour, failing each time: the plan stays
        for (int i = 0; i < 5; i++) {
            env.advance(Duration.ofHours(1).plusSeconds(1));
        }
        assertThat(m.get(cert.id()).orElseThrow().nextRenewalAt()).contains(at);
        env.advanceTo(at);
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).details()).containsEntry("reason", "due");
    }

    @Test
    void autoRenewOffClearsThePlanAndOnPlansAgain() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()));
        ManagedCertificate off = m.setAutoRenew(cert.id(), false);
        assertThat(off.autoRenew()).isFalse();
        assertThat(off.nextRenewalAt()).isEmpty();
        assertThat(single(cert.id(), EventType.AUTO_RENEW_CHANGED).details()).containsEntry("autoRenew", "false");
        assertThat(m.setAutoRenew(cert.id(), false).autoRenew()).isFalse();
        assertThat(env.events.of(cert.id(), EventType.AUTO_RENEW_CHANGED)).as("no change, no event").hasSize(1);

        env.advance(Duration.ofDays(70));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).isEmpty();
        assertThat(m.get(cert.id()).orElseThrow().version()).isEqualTo(1);

        ManagedCertificate on = m.setAutoRenew(cert.id(), true);
        // the configured window (days 57 to 60) has passed: due at the next check
        assertThat(on.nextRenewalAt().orElseThrow()).isBefore(env.clock.instant());
        env.advance(Duration.ofMinutes(1));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(single(cert.id(), EventType.RENEWAL_STARTED).details()).containsEntry("reason", "due");
    }

    @Test
    void certificateWithoutAutoRenewGetsNoPlan() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false));
        assertThat(cert.nextRenewalAt()).isEmpty();
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_SCHEDULED)).isEmpty();
    }

    private CertificateEvent single(String id, EventType type) {
        List<CertificateEvent> found = env.events.of(id, type);
        assertThat(found).as(type.code()).hasSize(1);
        return found.get(0);
    }
}
