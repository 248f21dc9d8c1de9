package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Directory, nonces, common headers and newAccount rules. */
class DirectoryAndAccountTest {
    private static TestCa ca;
    private static RawAcme raw;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.builder().seed(3).start();
        raw = new RawAcme(ca);
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    @Test
    void directoryListsEverythingAndMeta() throws Exception {
        RawAcme.Response r = raw.get(ca.directoryUrl().toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Replay-Nonce")).isNotBlank();
        assertThat(r.json()).containsKeys("newNonce", "newAccount", "newOrder", "revokeCert", "keyChange",
                "renewalInfo", "meta");
        Map<String, Object> meta = (Map<String, Object>) r.json().get("meta");
        assertThat(meta.get("externalAccountRequired")).isEqualTo(false);
        assertThat((Map<String, Object>) meta.get("profiles")).containsOnlyKeys("classic", "tlsserver",
                "shortlived");
        assertThat(raw.get((String) meta.get("termsOfService")).status()).isEqualTo(200);
        assertThat(ca.directoryUrl().toString()).startsWith("https://127.0.0.1:");
    }

    @Test
    void newNonceHeadAndGet() throws Exception {
        RawAcme.Response head = raw.head(raw.url("newNonce"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(head.header("Replay-Nonce")).matches("[A-Za-z0-9_-]{22}");
        assertThat(head.headerValues("Link")).contains("<" + ca.directoryUrl() + ">;rel=\"index\"");
        RawAcme.Response get = raw.get(raw.url("newNonce"));
        assertThat(get.status()).isEqualTo(204);
        assertThat(get.header("Cache-Control")).isEqualTo("no-store");
        assertThat(get.header("Replay-Nonce")).isNotEqualTo(head.header("Replay-Nonce"));
        assertThat(raw.post(raw.url("newNonce"), "", null).status()).isEqualTo(405);
    }

    @Test
    void problemsCarryNonceAndIndexLink() throws Exception {
        RawAcme.Response r = raw.post(raw.url("newOrder"), "{}", "application/jose+json");
        assertThat(r.header("Replay-Nonce")).isNotBlank();
        assertThat(r.headerValues("Link")).contains("<" + ca.directoryUrl() + ">;rel=\"index\"");
        assertThat(r.json()).containsKeys("type", "detail", "status");
        assertThat(raw.get(ca.directoryUrl().resolve("/nothing").toString()).status()).isEqualTo(404);
    }

    @Test
    void newAccountRules() throws Exception {
        KeyPair key = RawAcme.ecKey("secp256r1");
        String url = raw.url("newAccount");
        RawAcme.Response noTos = raw.signed(url, "{}", key, null);
        assertThat(noTos.status()).isEqualTo(403);
        assertThat(noTos.problem()).isEqualTo("userActionRequired");
        assertThat(noTos.headerValues("Link")).anySatisfy(l -> assertThat(l).contains("terms-of-service"));
        RawAcme.Response only = raw.signed(url, "{\"onlyReturnExisting\":true}", key, null);
        assertThat(only.problem()).isEqualTo("accountDoesNotExist");
        assertThat(raw.signed(url, "{\"termsOfServiceAgreed\":true,\"contact\":[\"tel:+1555\"]}", key, null)
                .problem()).isEqualTo("unsupportedContact");
        assertThat(raw.signed(url, "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:not-an-address\"]}", key,
                null).problem()).isEqualTo("invalidContact");
        assertThat(raw.signed(url, "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:a@b.test?subject=x\"]}",
                key, null).problem()).isEqualTo("invalidContact");
        assertThat(raw.signed(url, "{\"termsOfServiceAgreed\":true,\"contact\":\"mailto:a@b.test\"}", key, null)
                .problem()).isEqualTo("malformed");
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).isEmpty();

        RawAcme.Response created = raw.signed(url,
                "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:admin@example.test\"]}", key, null);
        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(created.json().get("status")).isEqualTo("valid");
        assertThat(created.json()).containsKeys("orders", "contact");
        RawAcme.Response existing = raw.signed(url, "{\"onlyReturnExisting\":true}", key, null);
        assertThat(existing.status()).isEqualTo(200);
        assertThat(existing.header("Location")).isEqualTo(location);
        RawAcme.Response update = raw.signed(location, "{\"contact\":[\"ftp://x\"]}", key, location);
        assertThat(update.problem()).isEqualTo("unsupportedContact");
        assertThat(raw.signed(location, "{\"status\":\"valid\"}", key, location).problem()).isEqualTo("malformed");
        RawAcme.Response deactivate = raw.signed(location, "{\"status\":\"deactivated\"}", key, location);
        assertThat(deactivate.json().get("status")).isEqualTo("deactivated");
        RawAcme.Response after = raw.signed(location, "", key, location);
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.problem()).isEqualTo("unauthorized");
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).hasSize(1);
    }

    @Test
    void keyChangeChecks() throws Exception {
        KeyPair oldKey = RawAcme.ecKey("secp256r1");
        String kid = raw.newAccount(oldKey);
        KeyPair other = RawAcme.ecKey("secp256r1");
        String otherKid = raw.newAccount(other);
        String url = raw.url("keyChange");
        KeyPair newKey = RawAcme.ecKey("secp384r1");
        String oldJwk = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(oldKey.getPublic()).toJson();

        assertThat(keyChange(url, kid, oldKey, newKey, "{\"account\":\"" + otherKid + "\",\"oldKey\":" + oldJwk + "}",
                url).problem()).isEqualTo("malformed");
        String otherJwk = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(other.getPublic()).toJson();
        assertThat(keyChange(url, kid, oldKey, newKey, "{\"account\":\"" + kid + "\",\"oldKey\":" + otherJwk + "}",
                url).problem()).isEqualTo("malformed");
        assertThat(keyChange(url, kid, oldKey, newKey, "{\"account\":\"" + kid + "\",\"oldKey\":" + oldJwk + "}",
                raw.url("newOrder")).problem()).isEqualTo("malformed");
        RawAcme.Response taken = keyChange(url, kid, oldKey, other,
                "{\"account\":\"" + kid + "\",\"oldKey\":" + oldJwk + "}", url);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.header("Location")).isEqualTo(otherKid);
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_KEY_CHANGED)).isEmpty();

        RawAcme.Response ok = keyChange(url, kid, oldKey, newKey,
                "{\"account\":\"" + kid + "\",\"oldKey\":" + oldJwk + "}", url);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(raw.signed(kid, "", newKey, kid).status()).isEqualTo(200);
        assertThat(raw.signed(kid, "", oldKey, kid).problem()).isEqualTo("malformed");
    }

    private static RawAcme.Response keyChange(String url, String kid, KeyPair oldKey, KeyPair newKey, String inner,
                                             String innerUrl) throws Exception {
        String innerJws = RawAcme.jws(inner, newKey.getPrivate(), RawAcme.algOf(newKey), j -> {
            j.getHeaders().setObjectHeaderValue("url", innerUrl);
            try {
                j.setJwkHeader(org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(newKey.getPublic()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return raw.signed(url, innerJws, oldKey, kid);
    }
}
