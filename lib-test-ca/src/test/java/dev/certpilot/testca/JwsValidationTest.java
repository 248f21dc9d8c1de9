package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Base64;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed JWS requests get the right problem and store nothing. */
class JwsValidationTest {
    private static TestCa ca;
    private static RawAcme acme;
    private static KeyPair accountKey;
    private static String kid;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.builder().seed(1).start();
        acme = new RawAcme(ca);
        accountKey = RawAcme.ecKey("secp256r1");
        kid = acme.newAccount(accountKey);
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    @BeforeEach
    void clearEvents() {
        ca.events().clear();
    }

    private static String jwk(KeyPair key) throws Exception {
        return PublicJsonWebKey.Factory.newPublicJwk(key.getPublic()).toJson();
    }

    private void assertNothingStored() {
        assertThat(ca.events().all()).isEmpty();
    }

    @Test
    void requiresJoseContentType() throws Exception {
        String body = acme.signedBody(acme.url("newOrder"), "{}", accountKey, kid);
        RawAcme.Response r = acme.post(acme.url("newOrder"), body, "application/json");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.problem()).isEqualTo("malformed");
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(acme.post(acme.url("newOrder"), body, null).status()).isEqualTo(415);
        assertNothingStored();
    }

    @Test
    void refusesOversizedBodies() throws Exception {
        String big = "{\"identifiers\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}";
        RawAcme.Response r = acme.signed(acme.url("newOrder"), big, accountKey, kid);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.problem()).isEqualTo("malformed");
        assertNothingStored();
    }

    @Test
    void refusesBodiesThatAreNotFlattenedJws() throws Exception {
        assertThat(acme.post(acme.url("newOrder"), "not json", "application/jose+json").problem())
                .isEqualTo("malformed");
        assertThat(acme.post(acme.url("newOrder"), "{\"protected\":\"e30\"}", "application/jose+json").problem())
                .isEqualTo("malformed");
        String body = acme.signedBody(acme.url("newOrder"), "{}", accountKey, kid);
        String withHeader = body.substring(0, body.length() - 1) + ",\"header\":{\"kid\":\"x\"}}";
        assertThat(acme.post(acme.url("newOrder"), withHeader, "application/jose+json").problem())
                .isEqualTo("malformed");
        assertNothingStored();
    }

    @Test
    void refusesAlgNoneAndHmac() throws Exception {
        String url = acme.url("newAccount");
        String nonce = acme.nonce();
        String none = RawAcme.jws("{\"termsOfServiceAgreed\":true}", null, "none", url, nonce, null);
        RawAcme.Response r = acme.post(url, none, "application/jose+json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.problem()).isEqualTo("badSignatureAlgorithm");

        String hs = RawAcme.jws("{\"termsOfServiceAgreed\":true}", new HmacKey(new byte[32]), "HS256", url, nonce,
                null);
        assertThat(acme.post(url, hs, "application/jose+json").problem()).isEqualTo("badSignatureAlgorithm");
        assertNothingStored();
    }

    @Test
    void refusesAlgorithmThatDoesNotFitTheKey() throws Exception {
        String url = acme.url("newOrder");
        String nonce = acme.nonce();
        String body = RawAcme.jws("{}", accountKey.getPrivate(), "ES384", url, nonce, kid);
        assertThat(acme.post(url, body, "application/jose+json").problem()).isIn("badSignatureAlgorithm", "malformed");
        assertNothingStored();
    }

    @Test
    void refusesBadSignature() throws Exception {
        KeyPair other = RawAcme.ecKey("secp256r1");
        String url = acme.url("newOrder");
        String nonce = acme.nonce();
        String body = RawAcme.jws("{}", other.getPrivate(), "ES256", url, nonce, kid);
        RawAcme.Response r = acme.post(url, body, "application/jose+json");
        assertThat(r.problem()).isEqualTo("malformed");
        assertThat(r.json().get("detail").toString()).contains("verification");
        assertNothingStored();
    }

    @Test
    void refusesWrongUrl() throws Exception {
        String body = acme.signedBody(acme.url("revokeCert"), "{}", accountKey, kid);
        RawAcme.Response r = acme.post(acme.url("newOrder"), body, "application/jose+json");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.problem()).isEqualTo("unauthorized");
        assertNothingStored();
    }

    @Test
    void refusesMissingUrlAndNonce() throws Exception {
        String url = acme.url("newOrder");
        String nonce = acme.nonce();
        String noUrl = RawAcme.jws("{}", accountKey.getPrivate(), "ES256", null, nonce, kid);
        assertThat(acme.post(url, noUrl, "application/jose+json").problem()).isEqualTo("malformed");
        String noNonce = RawAcme.jws("{}", accountKey.getPrivate(), "ES256", url, null, kid);
        assertThat(acme.post(url, noNonce, "application/jose+json").problem()).isEqualTo("badNonce");
        assertNothingStored();
    }

    @Test
    void refusesReusedAndUnknownNonces() throws Exception {
        String url = acme.url("newOrder");
        String body = acme.signedBody(url, "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"once.example.test\"}]}",
                accountKey, kid);
        assertThat(acme.post(url, body, "application/jose+json").status()).isEqualTo(201);
        RawAcme.Response replay = acme.post(url, body, "application/jose+json");
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.problem()).isEqualTo("badNonce");
        assertThat(replay.header("Replay-Nonce")).isNotBlank();
        String unknown = RawAcme.jws("{}", accountKey.getPrivate(), "ES256", url, "AAAAAAAAAAAAAAAAAAAAAA", kid);
        assertThat(acme.post(url, unknown, "application/jose+json").problem()).isEqualTo("badNonce");
        assertThat(ca.events().ofType(CaEvent.Type.ORDER_CREATED)).hasSize(1);
    }

    @Test
    void refusesBothJwkAndKid() throws Exception {
        String url = acme.url("newOrder");
        String nonce = acme.nonce();
        String body = RawAcme.jws("{}", accountKey.getPrivate(), "ES256", j -> {
            j.getHeaders().setObjectHeaderValue("url", url);
            j.getHeaders().setObjectHeaderValue("nonce", nonce);
            j.setKeyIdHeaderValue(kid);
            try {
                j.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(accountKey.getPublic()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(acme.post(url, body, "application/jose+json").problem()).isEqualTo("malformed");
        assertNothingStored();
    }

    @Test
    void refusesUnknownAccountAndJwkWhereKidIsRequired() throws Exception {
        KeyPair stranger = RawAcme.ecKey("secp256r1");
        String unknownKid = kid.substring(0, kid.lastIndexOf('/') + 1) + "nobody";
        RawAcme.Response r = acme.signed(acme.url("newOrder"), "{}", stranger, unknownKid);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.problem()).isEqualTo("accountDoesNotExist");
        assertThat(acme.signed(acme.url("newOrder"), "{}", stranger, null).problem()).isEqualTo("malformed");
        assertThat(acme.signed(acme.url("newAccount"), "{\"termsOfServiceAgreed\":true}", accountKey, kid).problem())
                .isEqualTo("malformed");
        assertThat(acme.signed(acme.url("newOrder"), "{}", stranger, "https://elsewhere.test/acct/1").problem())
                .isEqualTo("malformed");
        assertNothingStored();
    }

    @Test
    void refusesWeakAccountKeys() throws Exception {
        KeyPair weak = RawAcme.rsaKey(1024);
        RawAcme.Response r = acme.signed(acme.url("newAccount"), "{\"termsOfServiceAgreed\":true}", weak, null);
        assertThat(r.problem()).isEqualTo("badPublicKey");
        assertNothingStored();
    }

    @Test
    void postAsGetNeedsEmptyPayload() throws Exception {
        RawAcme.Response order = acme.newOrder(accountKey, kid, "pag.example.test");
        String orderUrl = order.header("Location");
        ca.events().clear();
        assertThat(acme.signed(orderUrl, "{}", accountKey, kid).problem()).isEqualTo("malformed");
        RawAcme.Response ok = acme.signed(orderUrl, "", accountKey, kid);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status")).isEqualTo("pending");
        assertThat(ok.header("Retry-After")).isEqualTo("1");
        RawAcme.Response get = acme.get(orderUrl);
        assertThat(get.status()).isEqualTo(405);
        assertNothingStored();
    }

    @Test
    void foreignAccountsCannotReadOrders() throws Exception {
        RawAcme.Response order = acme.newOrder(accountKey, kid, "mine.example.test");
        KeyPair otherKey = RawAcme.ecKey("secp384r1");
        String other = acme.newAccount(otherKey);
        RawAcme.Response r = acme.signed(order.header("Location"), "", otherKey, other);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.problem()).isEqualTo("unauthorized");
        assertThat(acme.signed(kid, "", otherKey, other).problem()).isEqualTo("unauthorized");
    }

    @Test
    void unknownResourcesAre404() throws Exception {
        String orderUrl = acme.url("newOrder").replace("order-plz", "my-order/nope");
        RawAcme.Response r = acme.signed(orderUrl, "", accountKey, kid);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.problem()).isEqualTo("malformed");
        assertThat(Base64.getUrlDecoder()).isNotNull();
        assertThat(jwk(accountKey)).contains("\"crv\"");
    }
}
