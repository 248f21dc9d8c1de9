package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Scripted faults, the event log, Pebble-like randomness and validation delays. */
class FaultsAndEventsTest {

    @Test
    void failNextAnswersScriptedErrorsThenRecovers() throws Exception {
        try (TestCa ca = TestCa.start()) {
            RawAcme raw = new RawAcme(ca);
            var key = RawAcme.ecKey("secp256r1");
            String kid = raw.newAccount(key);
            ca.faults().failNext(Endpoint.NEW_ORDER, 2, 503).failNext(Endpoint.DIRECTORY, 1, 500);
            assertThat(ca.faults().pending(Endpoint.NEW_ORDER)).isEqualTo(2);
            RawAcme.Response first = raw.newOrder(key, kid, "f.example.test");
            assertThat(first.status()).isEqualTo(503);
            assertThat(first.problem()).isEqualTo("serverInternal");
            assertThat(first.header("Retry-After")).isEqualTo("1");
            assertThat(raw.newOrder(key, kid, "f.example.test").status()).isEqualTo(503);
            assertThat(raw.newOrder(key, kid, "f.example.test").status()).isEqualTo(201);
            assertThat(raw.get(ca.directoryUrl().toString()).status()).isEqualTo(500);
            assertThat(raw.get(ca.directoryUrl().toString()).status()).isEqualTo(200);
            assertThat(ca.events().ofType(CaEvent.Type.FAULT_INJECTED)).hasSize(3);
            ca.faults().failNext(Endpoint.NEW_ORDER, 1, 429);
            RawAcme.Response limited = raw.newOrder(key, kid, "g.example.test");
            assertThat(limited.problem()).isEqualTo("rateLimited");
            ca.faults().failNext(Endpoint.FINALIZE, 5, 500);
            ca.faults().clear();
            assertThat(ca.faults().pending(Endpoint.FINALIZE)).isZero();
            assertThatThrownBy(() -> ca.faults().failNext(Endpoint.ORDER, 1, 200))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ca.faults().failNext(Endpoint.ORDER, 0, 500))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void acme4jSeesScriptedServerErrorsThenSucceeds() throws Exception {
        try (TestCa ca = TestCa.start()) {
            Account a = Acme4j.account(Acme4j.session(ca));
            ca.faults().failNext(Endpoint.NEW_ORDER, 1, 500);
            assertThatThrownBy(() -> a.newOrder().domains("x.example.test").create())
                    .isInstanceOf(AcmeServerException.class);
            Acme4j.issue(ca, a, KeyPairUtils.createECKeyPair("secp256r1"), "x.example.test");
        }
    }

    @Test
    void delayNextHoldsRequests() throws Exception {
        try (TestCa ca = TestCa.start()) {
            RawAcme raw = new RawAcme(ca);
            ca.faults().delayNext(Endpoint.DIRECTORY, 1, Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(raw.get(ca.directoryUrl().toString()).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void eventsCanBeAwaited() throws Exception {
        try (TestCa ca = TestCa.builder().validationDelay(Duration.ofMillis(200)).start()) {
            Account a = Acme4j.account(Acme4j.session(ca));
            Order order = a.newOrder().domains("await.example.test").create();
            assertThat(ca.events().ofType(CaEvent.Type.ORDER_CREATED).get(0).identifiers())
                    .containsExactly("await.example.test");
            Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
            ca.dns().addTxt(c.getRRName(order.getIdentifiers().get(0)), c.getDigest());
            c.trigger();
            assertThat(c.getStatus()).as("delayed validation is processing").isEqualTo(Status.PROCESSING);
            CaEvent validated = ca.events().await(CaEvent.Type.CHALLENGE_VALIDATED, Duration.ofSeconds(10));
            assertThat(validated.identifiers()).containsExactly("await.example.test");
            assertThat(validated.account()).isNotEmpty();
            assertThat(c.waitForCompletion(Duration.ofSeconds(10))).isEqualTo(Status.VALID);
            assertThatThrownBy(() -> ca.events().await(CaEvent.Type.CERTIFICATE_REVOKED, Duration.ofMillis(50)))
                    .isInstanceOf(IllegalStateException.class);
            CompletableFuture<CaEvent> later = CompletableFuture.supplyAsync(
                    () -> ca.events().await(e -> e.type() == CaEvent.Type.CERTIFICATE_ISSUED, Duration.ofSeconds(10)));
            order.waitUntilReady(Duration.ofSeconds(10));
            order.execute(KeyPairUtils.createECKeyPair("secp256r1"));
            assertThat(later.get().serial()).isNotEmpty();
            ca.events().clear();
            assertThat(ca.events().all()).isEmpty();
        }
    }

    @Test
    void issuanceDelayAnswersProcessingThenValid() throws Exception {
        try (TestCa ca = TestCa.builder().issuanceDelay(Duration.ofMillis(200)).start()) {
            Account a = Acme4j.account(Acme4j.session(ca));
            Order order = a.newOrder().domains("later.example.test").create();
            Acme4j.authorize(ca, order);
            order.waitUntilReady(Duration.ofSeconds(10));
            order.execute(KeyPairUtils.createECKeyPair("secp256r1"));
            assertThat(order.getStatus()).isEqualTo(Status.PROCESSING);
            assertThat(ca.events().ofType(CaEvent.Type.CERTIFICATE_ISSUED)).isEmpty();
            assertThat(order.waitForCompletion(Duration.ofSeconds(10))).isEqualTo(Status.VALID);
            assertThat(order.getCertificate().getCertificate()).isNotNull();
        }
    }

    @Test
    void validationRetriesBeforeFailing() throws Exception {
        try (TestCa ca = TestCa.builder().validationAttempts(3, Duration.ofMillis(100)).start()) {
            Account a = Acme4j.account(Acme4j.session(ca));
            Order order = a.newOrder().domains("retry.example.test").create();
            Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
            c.trigger();
            ca.dns().addTxt(c.getRRName(order.getIdentifiers().get(0)), c.getDigest());
            assertThat(c.waitForCompletion(Duration.ofSeconds(10))).isEqualTo(Status.VALID);
        }
    }

    @Test
    void seededCasAreDeterministic() throws Exception {
        String first;
        String second;
        try (TestCa ca = TestCa.builder().seed(99).start()) {
            RawAcme raw = new RawAcme(ca);
            first = raw.newAccount(RawAcme.ecKey("secp256r1"));
        }
        try (TestCa ca = TestCa.builder().seed(99).start()) {
            RawAcme raw = new RawAcme(ca);
            second = raw.newAccount(RawAcme.ecKey("secp256r1"));
        }
        assertThat(first.substring(first.lastIndexOf('/'))).isEqualTo(second.substring(second.lastIndexOf('/')));
    }

    @Test
    void pebbleLikeRejectsNoncesButAcme4jRetries() throws Exception {
        try (TestCa ca = TestCa.builder().pebbleLike().validationDelay(Duration.ZERO).nonceRejectPercent(30)
                .seed(5).start()) {
            Account a = Acme4j.account(Acme4j.session(ca));
            Acme4j.issue(ca, a, KeyPairUtils.createECKeyPair("secp256r1"), "pebble.example.test");
        }
        try (TestCa ca = TestCa.builder().nonceRejectPercent(100).start()) {
            RawAcme raw = new RawAcme(ca);
            RawAcme.Response r = raw.signed(raw.url("newAccount"), "{\"termsOfServiceAgreed\":true}",
                    RawAcme.ecKey("secp256r1"), null);
            assertThat(r.problem()).isEqualTo("badNonce");
        }
    }
}
