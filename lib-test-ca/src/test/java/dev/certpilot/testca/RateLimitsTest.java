package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Simulated rate limits, with windows measured by an injected clock. */
class RateLimitsTest {
    private static final Duration DAY = Duration.ofDays(1);

    private static TestCa ca(MutableClock clock, RateLimits limits) {
        return TestCa.builder().clock(clock).rateLimits(limits).start();
    }

    @Test
    void newOrdersPerAccountWindowSlides() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        try (TestCa ca = ca(clock, RateLimits.none().withNewOrdersPerAccount(2, Duration.ofHours(3)))) {
            Account a = Acme4j.account(Acme4j.session(ca));
            a.newOrder().domains("a.example.test").create();
            clock.advance(Duration.ofHours(1));
            a.newOrder().domains("b.example.test").create();
            RawAcme raw = new RawAcme(ca);
            var key = RawAcme.ecKey("secp256r1");
            String kid = raw.newAccount(key);
            assertThat(raw.newOrder(key, kid, "other.example.test").status()).as("other account").isEqualTo(201);
            assertThatThrownBy(() -> a.newOrder().domains("c.example.test").create())
                    .isInstanceOfSatisfying(AcmeRateLimitedException.class, e -> {
                        assertThat(e.getType().toString()).isEqualTo("urn:ietf:params:acme:error:rateLimited");
                        assertThat(e.getRetryAfter()).isPresent();
                    });
            assertThat(ca.events().ofType(CaEvent.Type.RATE_LIMITED)).hasSize(1);
            clock.advance(Duration.ofHours(2).plusSeconds(1));
            a.newOrder().domains("c.example.test").create();
        }
    }

    @Test
    void retryAfterTellsWhenTheWindowFrees() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        try (TestCa ca = ca(clock, RateLimits.none().withNewOrdersPerAccount(1, Duration.ofHours(3)))) {
            RawAcme raw = new RawAcme(ca);
            var key = RawAcme.ecKey("secp256r1");
            String kid = raw.newAccount(key);
            raw.newOrder(key, kid, "x.example.test");
            clock.advance(Duration.ofHours(1));
            RawAcme.Response r = raw.newOrder(key, kid, "y.example.test");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.problem()).isEqualTo("rateLimited");
            assertThat(r.header("Retry-After")).isEqualTo(Long.toString(Duration.ofHours(2).toSeconds()));
        }
    }

    @Test
    void duplicateCertificatesAndPerDomainLimitsSpareReplacements() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        RateLimits limits = RateLimits.none().withDuplicateCertificates(2, Duration.ofDays(7))
                .withCertificatesPerDomain(3, Duration.ofDays(7));
        try (TestCa ca = ca(clock, limits)) {
            Account a = Acme4j.account(Acme4j.session(ca));
            Certificate first = Acme4j.issue(ca, a, KeyPairUtils.createECKeyPair("secp256r1"), "dup.example.test");
            Acme4j.issue(ca, a, KeyPairUtils.createECKeyPair("secp256r1"), "dup.example.test");
            assertThatThrownBy(() -> a.newOrder().domains("dup.example.test").create())
                    .isInstanceOf(AcmeRateLimitedException.class);
            Certificate renewed = Acme4j.issue(ca, a.newOrder().domains("dup.example.test").replaces(first),
                    KeyPairUtils.createECKeyPair("secp256r1"));
            assertThat(renewed).isNotNull();
            assertThatThrownBy(() -> a.newOrder().domains("new.example.test").create())
                    .as("3 certificates for example.test").isInstanceOf(AcmeRateLimitedException.class);
            a.newOrder().domains("new.other.test").create();
            clock.advance(Duration.ofDays(7).plus(DAY));
            a.newOrder().domains("dup.example.test").create();
        }
    }

    @Test
    void failedAuthorizationsPerIdentifier() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        try (TestCa ca = ca(clock, RateLimits.letsEncrypt())) {
            Account a = Acme4j.account(Acme4j.session(ca));
            for (int i = 0; i < 5; i++) {
                Order order = a.newOrder().domains("fail.example.test").create();
                order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow().trigger();
            }
            assertThat(ca.events().ofType(CaEvent.Type.CHALLENGE_FAILED)).hasSize(5);
            assertThatThrownBy(() -> a.newOrder().domains("fail.example.test").create())
                    .isInstanceOf(AcmeRateLimitedException.class);
            a.newOrder().domains("fine.example.test").create();
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            a.newOrder().domains("fail.example.test").create();
        }
    }

    @Test
    void presetsAndValidation() {
        assertThat(RateLimits.letsEncrypt().newOrdersPerAccount()).isEqualTo(300);
        assertThat(RateLimits.letsEncrypt().certificatesPerDomain()).isEqualTo(50);
        assertThat(RateLimits.letsEncrypt().duplicateCertificates()).isEqualTo(5);
        assertThat(RateLimits.letsEncrypt().failedAuthorizations()).isEqualTo(5);
        assertThat(RateLimits.none().newOrdersPerAccount()).isZero();
        assertThatThrownBy(() -> RateLimits.none().withNewOrdersPerAccount(-1, DAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimits.none().withNewOrdersPerAccount(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
