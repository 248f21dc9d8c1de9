package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.ZONE;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static dev.certpilot.it.LifecycleEnvironment.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateHandle;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.EventType;
import dev.certpilot.HealthStatus;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health classes as time passes, health filters in listings, expiry marking. */
class HealthAndExpiryTest {

    private final LifecycleEnvironment env = new LifecycleEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void healthWorsensAsExpiryNearsAndEachChangeIsAnnounced() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false));
        assertThat(cert.health().status()).isEqualTo(HealthStatus.OK);
        assertThat(cert.health().daysLeft().getAsLong()).isBetween(89L, 90L);
        assertThat(env.events.of(cert.id(), EventType.HEALTH_CHANGED)).as("a healthy new certificate").isEmpty();

        env.advance(Duration.ofDays(59));
        assertThat(m.get(cert.id()).orElseThrow().health().status()).isEqualTo(HealthStatus.OK);
        env.advance(Duration.ofDays(2));
        ManagedCertificate warning = m.get(cert.id()).orElseThrow();
        assertThat(warning.health().status()).isEqualTo(HealthStatus.WARNING);
        assertThat(warning.health().reason()).startsWith("expires in 29 d");
        assertThat(env.events.of(cert.id(), EventType.HEALTH_CHANGED)).singleElement().satisfies(e ->
                assertThat(e.details()).containsEntry("from", "OK").containsEntry("to", "WARNING")
                        .containsEntry("daysLeft", "29"));

        env.advance(Duration.ofDays(23));
        assertThat(m.get(cert.id()).orElseThrow().health().status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(env.events.of(cert.id(), EventType.HEALTH_CHANGED).get(1).details())
                .containsEntry("from", "WARNING").containsEntry("to", "CRITICAL");
        env.advance(Duration.ofDays(1));
        assertThat(env.events.of(cert.id(), EventType.HEALTH_CHANGED)).as("announced once per change").hasSize(2);
    }

    @Test
    void certificatePastItsNotAfterIsMarkedExpired() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).profile("sixday")
                .autoRenew(false));
        env.advanceTo(cert.notAfter().orElseThrow());
        assertThat(m.get(cert.id()).orElseThrow().state()).as("valid through notAfter").isEqualTo(CertificateState.ISSUED);

        env.advance(Duration.ofMinutes(1));
        ManagedCertificate expired = m.get(cert.id()).orElseThrow();
        assertThat(expired.state()).isEqualTo(CertificateState.EXPIRED);
        assertThat(expired.health().status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(expired.health().daysLeft().getAsLong()).isEqualTo(-1);
        CertificateEvent event = env.events.of(cert.id(), EventType.CERT_EXPIRED).get(0);
        assertThat(event.details()).containsEntry("serial", cert.serial().orElseThrow())
                .containsEntry("notAfter", cert.notAfter().orElseThrow().toString());
        env.advance(Duration.ofDays(1));
        assertThat(env.events.of(cert.id(), EventType.CERT_EXPIRED)).hasSize(1);
    }

    @Test
    void shortLivedCertificatesAreJudgedByTheirLifetime() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).profile("sixday")
                .autoRenew(false));
        // thresholds scale with the lifetime: warning at 2 days left, critical at 11.2 hours
        assertThat(cert.health().status()).isEqualTo(HealthStatus.OK);
        env.advance(Duration.ofDays(3).plusHours(23));
        assertThat(m.get(cert.id()).orElseThrow().health().status()).isEqualTo(HealthStatus.OK);
        env.advance(Duration.ofHours(2));
        assertThat(m.get(cert.id()).orElseThrow().health().status()).isEqualTo(HealthStatus.WARNING);
        env.advance(Duration.ofHours(37));
        assertThat(m.get(cert.id()).orElseThrow().health().status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void listingsFilterByHealthPageByPage() throws Exception {
        HoldingDnsProvider dns = new HoldingDnsProvider(env.ca.dns());
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore()).dns(ZONE, dns));
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            old.add(issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false).label("team", "a")).id());
        }
        env.advance(Duration.ofDays(62));
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fresh.add(issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false).label("team", "a")).id());
        }
        String other = issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false).label("team", "b")).id();
        dns.hold = true;
        CertificateHandle pending = m.request(CertificateRequest.forDomains(freshName()).label("team", "a").build());

        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.WARNING).label("team", "a").build()))
                .containsExactlyElementsOf(old);
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.OK).label("team", "a").build()))
                .containsExactlyElementsOf(fresh);
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.OK).build())).containsExactly(
                fresh.get(0), fresh.get(1), other);
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.INACTIVE).build()))
                .containsExactly(pending.id());
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.WARNING, HealthStatus.CRITICAL).build()))
                .containsExactlyElementsOf(old);
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.CRITICAL).build())).isEmpty();
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.OK)
                .states(CertificateState.EXPIRED).build())).isEmpty();

        env.advance(Duration.ofDays(22));
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.CRITICAL).build()))
                .containsExactlyElementsOf(old);
        env.advance(Duration.ofDays(7));
        assertThat(m.get(old.get(0)).orElseThrow().state()).isEqualTo(CertificateState.EXPIRED);
        assertThat(ids(m, CertificateFilter.builder().health(HealthStatus.CRITICAL).build()))
                .containsExactlyElementsOf(old);
    }

    @Test
    void renewalDueByMatchesThePlannedRenewalTime() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate a = issue(m, CertificateRequest.forDomains(freshName()));
        ManagedCertificate b = issue(m, CertificateRequest.forDomains(freshName()).autoRenew(false));
        java.time.Instant at = a.nextRenewalAt().orElseThrow();
        // the ARI re-check is due in 6 hours, the renewal in about two months: only the renewal counts
        assertThat(ids(m, CertificateFilter.builder().renewalDueBy(env.clock.instant().plus(Duration.ofDays(1)))
                .build())).isEmpty();
        assertThat(ids(m, CertificateFilter.builder().renewalDueBy(at).build())).containsExactly(a.id());
        assertThat(ids(m, CertificateFilter.builder().renewalDueBy(at.plus(Duration.ofDays(365))).build()))
                .doesNotContain(b.id());
    }

    /** Every matching id, read a page of two at a time. */
    private static List<String> ids(CertificateManager m, CertificateFilter filter) {
        List<String> out = new ArrayList<>();
        Optional<PageRequest> page = Optional.of(PageRequest.first(2));
        while (page.isPresent()) {
            Page<ManagedCertificate> p = m.list(filter, page.get());
            p.items().forEach(c -> out.add(c.id()));
            page = p.next(2);
        }
        return out;
    }
}
