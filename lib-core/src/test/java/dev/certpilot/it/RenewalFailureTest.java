package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.TIMEOUT;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static dev.certpilot.it.LifecycleEnvironment.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.CertificateState;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.HealthStatus;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.KeyProtection;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PageRequest;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Renewals that fail: backoff, Retry-After, the ARI pitfalls, no order left behind per attempt. */
class RenewalFailureTest {

    private final LifecycleEnvironment env = new LifecycleEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void caOutageBacksOffExponentiallyThenSucceedsWithoutDuplicateOrders() throws Exception {
        CertificateManager m = env.manager();
        String name = freshName();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(name));
        Instant at = cert.nextRenewalAt().orElseThrow();
        env.ca.faults().failNext(Endpoint.NEW_ORDER, 3, 503);

        env.advanceTo(at);
        CertificateEvent first = env.events.await(cert.id(), EventType.RENEWAL_FAILED, 1, TIMEOUT);
        assertThat(first.details()).containsEntry("code", "CA_ERROR")
                .containsEntry("retryAt", at.plus(Duration.ofMinutes(5)).toString());
        ManagedCertificate failing = m.get(cert.id()).orElseThrow();
        assertThat(failing.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(failing.serial()).isEqualTo(cert.serial());
        assertThat(failing.consecutiveFailures()).isEqualTo(1);
        assertThat(failing.failure().orElseThrow().code()).isEqualTo(ErrorCode.CA_ERROR);
        assertThat(failing.isBusy()).isFalse();
        assertThat(failing.nextRenewalAt()).contains(at.plus(Duration.ofMinutes(5)));
        // a failing renewal within the warning threshold (30 days left) is critical, above it a warning
        HealthStatus expected = failing.health().timeLeft().orElseThrow().compareTo(Duration.ofDays(30)) <= 0
                ? HealthStatus.CRITICAL : HealthStatus.WARNING;
        assertThat(failing.health().status()).isEqualTo(expected);
        assertThat(m.list(CertificateFilter.builder().health(expected).build(), PageRequest.first(10)).items())
                .extracting(ManagedCertificate::id).containsExactly(cert.id());
        assertThat(m.list(CertificateFilter.builder().failing(true).build(), PageRequest.first(10)).items())
                .hasSize(1);
        // stored with renewal.failed, delivered to listeners right after it
        assertThat(env.events.await(cert.id(), EventType.HEALTH_CHANGED, 1, TIMEOUT).details())
                .containsEntry("from", "OK").containsEntry("to", expected.name());

        env.advance(Duration.ofMinutes(4));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).as("backing off").hasSize(1);
        env.advance(Duration.ofMinutes(1));
        CertificateEvent second = env.events.await(cert.id(), EventType.RENEWAL_FAILED, 2, TIMEOUT);
        assertThat(second.details()).containsEntry("retryAt", env.clock.instant().plus(Duration.ofMinutes(10))
                .toString());
        env.advance(Duration.ofMinutes(10));
        CertificateEvent third = env.events.await(cert.id(), EventType.RENEWAL_FAILED, 3, TIMEOUT);
        assertThat(third.details()).containsEntry("retryAt", env.clock.instant().plus(Duration.ofMinutes(20))
                .toString());
        assertThat(m.get(cert.id()).orElseThrow().consecutiveFailures()).isEqualTo(3);
        env.advance(Duration.ofMinutes(20));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);

        List<CertificateEvent> starts = env.events.of(cert.id(), EventType.RENEWAL_STARTED);
        assertThat(starts).extracting(e -> e.details().get("reason")).containsExactly("ari", "retry", "retry", "retry");
        ManagedCertificate renewed = m.get(cert.id()).orElseThrow();
        assertThat(renewed.version()).isEqualTo(2);
        assertThat(renewed.failure()).isEmpty();
        assertThat(renewed.consecutiveFailures()).isZero();
        assertThat(renewed.health().status()).isEqualTo(HealthStatus.OK);
        assertThat(env.events.await(cert.id(), EventType.HEALTH_CHANGED, 2, TIMEOUT).details())
                .containsEntry("from", expected.name()).containsEntry("to", "OK");
        assertThat(env.events.of(cert.id(), EventType.HEALTH_CHANGED)).hasSize(2);
        assertThat(env.orders(name)).as("one order for the issuance, one for the renewal").isEqualTo(2);
        assertThat(env.ca.faults().pending(Endpoint.NEW_ORDER)).isZero();
    }

    @Test
    void outageAfterTheOrderWasCreatedContinuesThatOrder() throws Exception {
        CertificateManager m = env.manager();
        String name = freshName();
        ManagedCertificate cert = firstRenewalFailsAtFinalize(m, name);
        env.advance(Duration.ofMinutes(5));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);

        List<CertificateEvent> orders = env.events.of(cert.id(), EventType.ORDER_CREATED);
        assertThat(orders).hasSize(3);
        assertThat(orders.get(2).details()).containsKey("adoptedFromJob")
                .containsEntry("order", orders.get(1).details().get("order"));
        assertThat(env.orders(name)).isEqualTo(2);
        assertThat(m.get(cert.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void replacesRefusedAsAlreadyReplacedIsRetriedWithoutIt() throws Exception {
        CertificateManager m = env.manager();
        String name = freshName();
        ManagedCertificate cert = firstRenewalFailsAtFinalize(m, name);

        // the failed attempt's order (which replaces the certificate) cannot be read: a new order is needed, and the
        // CA refuses its 'replaces' since that order already replaces the certificate
        env.ca.faults().failNext(Endpoint.ORDER, 1, 503);
        env.advance(Duration.ofMinutes(5));
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);

        List<CertificateEvent> orders = env.events.of(cert.id(), EventType.ORDER_CREATED);
        assertThat(orders.get(1).details()).containsKey("replaces");
        assertThat(orders.get(2).details()).doesNotContainKey("replaces").doesNotContainKey("adoptedFromJob");
        assertThat(caOrders(name)).extracting(CaEvent::detail).hasSize(3)
                .satisfies(d -> assertThat(d.get(1)).startsWith("replaces "))
                .satisfies(d -> assertThat(d.get(2)).isEmpty());
        assertThat(m.get(cert.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void replacesRefusedBecauseAnotherAccountOrderedTheCertificateIsRetriedWithoutIt() throws Exception {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        KeyProtection keys = KeyProtection.ephemeral();
        CertificateManager first = env.start(env.builder(store, env.issuer().accountName("one").build())
                .keyProtection(keys));
        ManagedCertificate cert = issue(first, CertificateRequest.forDomains(freshName()));
        first.close();

        // the same issuer name, but the application switched to another account
        CertificateManager second = env.start(env.builder(store, env.issuer().accountName("two").build())
                .keyProtection(keys));
        ManagedCertificate renewed = second.renew(cert.id()).awaitIssued(TIMEOUT);

        assertThat(renewed.version()).isEqualTo(2);
        List<CertificateEvent> orders = env.events.of(cert.id(), EventType.ORDER_CREATED);
        assertThat(orders).hasSize(2);
        assertThat(orders.get(1).details()).doesNotContainKey("replaces");
        assertThat(env.ca.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).hasSize(2);
    }

    @Test
    void rateLimitedRenewalWaitsForRetryAfter() throws Exception {
        ScriptedIssuer issuer = new ScriptedIssuer(env.issuer().build());
        CertificateManager m = env.start(env.builder(new InMemoryCertificateStore(), issuer));
        String name = freshName();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(name));
        Instant at = cert.nextRenewalAt().orElseThrow();
        Instant retryAfter = at.plus(Duration.ofHours(3));
        issuer.rateLimitNext(1, () -> retryAfter);

        env.advanceTo(at);
        CertificateEvent failed = env.events.await(cert.id(), EventType.RENEWAL_FAILED, 1, TIMEOUT);
        assertThat(failed.details()).containsEntry("code", "CA_RATE_LIMITED")
                .containsEntry("retryAt", retryAfter.toString()).containsEntry("retryAfter", retryAfter.toString());
        assertThat(m.get(cert.id()).orElseThrow().failure().orElseThrow().retryAfter()).contains(retryAfter);

        env.advance(Duration.ofMinutes(5));
        env.advanceTo(retryAfter.minusSeconds(1));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).as("not before Retry-After").hasSize(1);
        env.advanceTo(retryAfter);
        env.advance(Duration.ofMinutes(1)); // the next check after Retry-After
        env.events.await(cert.id(), EventType.CERT_RENEWED, 1, TIMEOUT);
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED).get(1).at())
                .isBetween(retryAfter, retryAfter.plus(Duration.ofMinutes(1)));
    }

    @Test
    void retriesComeFasterAsExpiryNearsAndStopAtExpiry() throws Exception {
        CertificateManager m = env.manager();
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(freshName()).profile("sixday"));
        Instant notAfter = cert.notAfter().orElseThrow();
        env.ca.faults().failNext(Endpoint.NEW_ORDER, 10_000, 503);
        env.advanceTo(cert.nextRenewalAt().orElseThrow());
        int failures = 0;
        while (env.clock.instant().isBefore(notAfter)) {
            failures++;
            CertificateEvent failed = env.events.await(cert.id(), EventType.RENEWAL_FAILED, failures, TIMEOUT);
            Instant retryAt = Instant.parse(failed.details().get("retryAt"));
            Duration wait = Duration.between(failed.at(), retryAt);
            assertThat(wait).isLessThanOrEqualTo(Duration.ofHours(6))
                    .isLessThanOrEqualTo(Duration.between(failed.at(), notAfter).dividedBy(2).plusMinutes(1));
            env.advanceTo(retryAt);
        }
        assertThat(failures).isGreaterThan(8);
        env.advance(Duration.ofMinutes(1));
        ManagedCertificate expired = m.get(cert.id()).orElseThrow();
        assertThat(expired.state()).isEqualTo(CertificateState.EXPIRED);
        int attempts = env.events.of(cert.id(), EventType.RENEWAL_STARTED).size();
        env.advance(Duration.ofDays(2));
        assertThat(env.events.of(cert.id(), EventType.RENEWAL_STARTED)).as("no retries after expiry")
                .hasSize(attempts);
    }

    /** Issues a certificate and lets its first renewal fail after its order was created (503 at finalize). */
    private ManagedCertificate firstRenewalFailsAtFinalize(CertificateManager m, String name) throws Exception {
        ManagedCertificate cert = issue(m, CertificateRequest.forDomains(name));
        env.ca.faults().failNext(Endpoint.FINALIZE, 1, 503);
        env.advanceTo(cert.nextRenewalAt().orElseThrow());
        env.events.await(cert.id(), EventType.RENEWAL_FAILED, 1, TIMEOUT);
        return cert;
    }

    private List<CaEvent> caOrders(String name) {
        return env.ca.events().ofType(CaEvent.Type.ORDER_CREATED).stream()
                .filter(e -> e.identifiers().contains(name)).toList();
    }
}
