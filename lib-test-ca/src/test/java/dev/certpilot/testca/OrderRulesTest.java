package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.KeyPairUtils;

/** newOrder, challenge and finalize rules. */
class OrderRulesTest {
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private static TestCa ca;
    private static RawAcme raw;
    private static KeyPair key;
    private static String kid;
    private static Session session;
    private static Account account;
    private static KeyPair accountKey;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.builder().clock(CLOCK).seed(7).start();
        raw = new RawAcme(ca);
        key = RawAcme.ecKey("secp256r1");
        kid = raw.newAccount(key);
        session = Acme4j.session(ca);
        accountKey = KeyPairUtils.createECKeyPair("secp256r1");
        account = Acme4j.account(session, accountKey);
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    private int ordersCreated() {
        return ca.events().ofType(CaEvent.Type.ORDER_CREATED).size();
    }

    @Test
    void refuses101Identifiers() throws Exception {
        int before = ordersCreated();
        String[] names = IntStream.range(0, 101).mapToObj(i -> "n" + i + ".example.test").toArray(String[]::new);
        RawAcme.Response r = raw.newOrder(key, kid, names);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.problem()).isEqualTo("rejectedIdentifier");
        assertThat(ordersCreated()).isEqualTo(before);
        assertThat(raw.signed(raw.url("newOrder"), "{\"identifiers\":[]}", key, kid).problem()).isEqualTo("malformed");
    }

    @Test
    void badIdentifiersGetSubproblems() throws Exception {
        int before = ordersCreated();
        RawAcme.Response r = raw.newOrder(key, kid, "ok.example.test", "bad_label-.example.test", "*.*.example.test",
                "example.test.");
        assertThat(r.problem()).isEqualTo("malformed");
        List<Map<String, Object>> subs = (List<Map<String, Object>>) r.json().get("subproblems");
        assertThat(subs).hasSize(3);
        assertThat(subs).allSatisfy(s -> assertThat(s).containsKey("identifier"));
        RawAcme.Response ip = raw.signed(raw.url("newOrder"),
                "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"999.1.1.1\"}]}", key, kid);
        assertThat(ip.problem()).isEqualTo("malformed");
        RawAcme.Response type = raw.signed(raw.url("newOrder"),
                "{\"identifiers\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}", key, kid);
        assertThat(type.problem()).isEqualTo("unsupportedIdentifier");
        assertThat(ordersCreated()).isEqualTo(before);
    }

    @Test
    void refusesNotBeforeNotAfterAndUnknownProfiles() throws Exception {
        int before = ordersCreated();
        String ids = "\"identifiers\":[{\"type\":\"dns\",\"value\":\"nb.example.test\"}]";
        assertThat(raw.signed(raw.url("newOrder"), "{" + ids + ",\"notBefore\":\"2030-01-01T00:00:00Z\"}", key, kid)
                .problem()).isEqualTo("malformed");
        assertThat(raw.signed(raw.url("newOrder"), "{" + ids + ",\"notAfter\":\"2030-02-01T00:00:00Z\"}", key, kid)
                .problem()).isEqualTo("malformed");
        assertThat(raw.signed(raw.url("newOrder"), "{" + ids + ",\"profile\":\"nope\"}", key, kid).problem())
                .isEqualTo("invalidProfile");
        assertThat(raw.signed(raw.url("newOrder"), "{" + ids + ",\"replaces\":\"bad\"}", key, kid).problem())
                .isEqualTo("malformed");
        assertThat(ordersCreated()).isEqualTo(before);
    }

    @Test
    void newOrderAnswersLikeRfc8555() throws Exception {
        RawAcme.Response r = raw.newOrder(key, kid, "Shape.Example.test", "*.shape.example.test");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).contains("/my-order/");
        assertThat(r.header("Retry-After")).isEqualTo("1");
        Map<String, Object> order = r.json();
        assertThat(order.get("status")).isEqualTo("pending");
        assertThat(order.get("expires")).isEqualTo(CLOCK.instant().plus(Duration.ofDays(1)).toString());
        assertThat(order.get("profile")).isEqualTo("classic");
        assertThat((List<?>) order.get("authorizations")).hasSize(2);
        assertThat(order.get("identifiers").toString()).contains("shape.example.test", "*.shape.example.test");
        String wildcardAuthz = (String) ((List<?>) order.get("authorizations")).get(1);
        RawAcme.Response authz = raw.signed(wildcardAuthz, "", key, kid);
        assertThat(authz.json().get("wildcard")).isEqualTo(true);
        assertThat(authz.header("Retry-After")).isEqualTo("1");
        List<Map<String, Object>> challenges = (List<Map<String, Object>>) authz.json().get("challenges");
        assertThat(challenges).extracting(c -> c.get("type")).containsExactly("dns-01");
    }

    private Order pendingOrder(String... names) throws Exception {
        return account.newOrder().domains(names).create();
    }

    @Test
    void wrongTxtValueInvalidatesAuthorizationAndOrder() throws Exception {
        Order order = pendingOrder("wrong.example.test");
        Authorization auth = order.getAuthorizations().get(0);
        Dns01Challenge c = auth.findChallenge(Dns01Challenge.class).orElseThrow();
        ca.dns().addTxt("_acme-challenge.wrong.example.test", "not-the-digest");
        c.trigger();
        assertThat(c.getStatus()).isEqualTo(Status.INVALID);
        assertThat(c.getError().orElseThrow().getType().toString())
                .isEqualTo("urn:ietf:params:acme:error:unauthorized");
        auth.fetch();
        assertThat(auth.getStatus()).isEqualTo(Status.INVALID);
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        var error = order.getError().orElseThrow();
        assertThat(error.getSubProblems()).hasSize(1);
        assertThat(error.getSubProblems().get(0).getIdentifier().orElseThrow().getDomain())
                .isEqualTo("wrong.example.test");
        assertThat(ca.events().ofType(CaEvent.Type.CHALLENGE_FAILED)).anySatisfy(e -> assertThat(e.identifiers())
                .containsExactly("wrong.example.test"));
    }

    @Test
    void missingRecordIsADnsProblem() throws Exception {
        Order order = pendingOrder("absent.example.test");
        Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        c.trigger();
        assertThat(c.getStatus()).isEqualTo(Status.INVALID);
        assertThat(c.getError().orElseThrow().getType().toString()).isEqualTo("urn:ietf:params:acme:error:dns");
    }

    @Test
    void validatesOverTcpWhenTheTxtSetIsTooBigForUdp() throws Exception {
        Order order = pendingOrder("crowded.example.test");
        Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        for (int i = 0; i < 80; i++) {
            ca.dns().addTxt("_acme-challenge.crowded.example.test", "stale-value-" + i + "-0123456789abcdefghijklmnop");
        }
        ca.dns().addTxt("_acme-challenge.crowded.example.test", c.getDigest());
        c.trigger();
        assertThat(c.getStatus()).isEqualTo(Status.VALID);
    }

    @Test
    void followsCnameDelegationOfTheChallengeName() throws Exception {
        Order order = pendingOrder("cname.example.test");
        Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        ca.dns().setCname("_acme-challenge.cname.example.test", "cname.acme-dns.test");
        ca.dns().addTxt("cname.acme-dns.test", c.getDigest());
        c.trigger();
        assertThat(c.getStatus()).isEqualTo(Status.VALID);
    }

    @Test
    void followsNsDelegationToAnotherServer() throws Exception {
        try (TestDnsServer child = TestDnsServer.builder().address("127.0.0.2").port(ca.dnsAddress().getPort())
                .noManagement().zone("_acme-challenge.deleg.example.test").start()) {
            Order order = pendingOrder("deleg.example.test");
            Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
            ca.dns().addDelegation("_acme-challenge.deleg.example.test", "ns.child.test", "127.0.0.2");
            child.addTxt("_acme-challenge.deleg.example.test", c.getDigest());
            c.trigger();
            assertThat(c.getStatus()).isEqualTo(Status.VALID);
        }
    }

    private Order readyOrder(String... names) throws Exception {
        Order order = pendingOrder(names);
        Acme4j.authorize(ca, order);
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.READY);
        return order;
    }

    private RawAcme.Response finalizeRaw(Order order, byte[] csr) throws Exception {
        String payload = "{\"csr\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(csr) + "\"}";
        return raw.signed(order.getFinalizeLocation().toString(), payload, accountKeyPair(),
                account.getLocation().toString());
    }

    private static KeyPair accountKeyPair() {
        return accountKey;
    }

    private static byte[] csr(KeyPair domainKey, String... names) throws Exception {
        CSRBuilder b = new CSRBuilder();
        b.addDomains(names);
        b.sign(domainKey);
        return b.getEncoded();
    }

    @Test
    void finalizeChecksTheCsr() throws Exception {
        Order order = readyOrder("csr.example.test", "www.csr.example.test");
        int issued = ca.events().ofType(CaEvent.Type.CERTIFICATE_ISSUED).size();
        KeyPair ec = KeyPairUtils.createECKeyPair("secp256r1");
        RawAcme.Response extra = finalizeRaw(order, csr(ec, "csr.example.test", "www.csr.example.test",
                "evil.example.test"));
        assertThat(extra.problem()).isEqualTo("badCSR");
        assertThat(extra.json().get("detail").toString()).contains("evil.example.test");
        assertThat(finalizeRaw(order, csr(ec, "csr.example.test")).problem()).isEqualTo("badCSR");
        assertThat(finalizeRaw(order, csr(KeyPairUtils.createKeyPair(1024), "csr.example.test",
                "www.csr.example.test")).problem()).isEqualTo("badCSR");
        assertThat(finalizeRaw(order, csr(KeyPairUtils.createECKeyPair("secp521r1"), "csr.example.test",
                "www.csr.example.test")).problem()).isEqualTo("badCSR");
        assertThat(finalizeRaw(order, csr(accountKeyPair(), "csr.example.test", "www.csr.example.test")).problem())
                .isEqualTo("badCSR");
        byte[] tampered = csr(ec, "csr.example.test", "www.csr.example.test");
        tampered[tampered.length - 3] ^= 0x55;
        assertThat(finalizeRaw(order, tampered).problem()).isIn("badCSR", "malformed");
        assertThat(finalizeRaw(order, new byte[] {1, 2, 3}).problem()).isEqualTo("malformed");
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.READY);
        assertThat(ca.events().ofType(CaEvent.Type.CERTIFICATE_ISSUED)).hasSize(issued);

        RawAcme.Response ok = finalizeRaw(order, csr(ec, "WWW.csr.example.test", "csr.example.test"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status")).isEqualTo("valid");
        assertThat(ok.json().get("certificate")).isNotNull();
        assertThat(finalizeRaw(order, csr(ec, "csr.example.test", "www.csr.example.test")).problem())
                .isEqualTo("orderNotReady");
    }

    @Test
    void finalizeBeforeReadyIsOrderNotReady() throws Exception {
        Order order = pendingOrder("early.example.test");
        RawAcme.Response r = finalizeRaw(order, csr(KeyPairUtils.createECKeyPair("secp256r1"), "early.example.test"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.problem()).isEqualTo("orderNotReady");
    }

    @Test
    void ordersAndAuthorizationsExpireByTheCaClock() throws Exception {
        Order order = pendingOrder("expiry.example.test");
        Authorization auth = order.getAuthorizations().get(0);
        CLOCK.advance(Duration.ofDays(1).plusSeconds(1));
        try {
            order.fetch();
            assertThat(order.getStatus()).isEqualTo(Status.INVALID);
            auth.fetch();
            assertThat(auth.getStatus()).isEqualTo(Status.EXPIRED);
            Dns01Challenge c = auth.findChallenge(Dns01Challenge.class).orElseThrow();
            RawAcme.Response trigger = raw.signed(c.getLocation().toString(), "{}", accountKeyPair(),
                    account.getLocation().toString());
            assertThat(trigger.problem()).isEqualTo("malformed");
        } finally {
            CLOCK.advance(Duration.ofDays(2));
        }
    }

    @Test
    void replacesIsCheckedAgainstTheAccount() throws Exception {
        var cert = Acme4j.issue(ca, account, KeyPairUtils.createECKeyPair("secp256r1"), "owned.example.test");
        String certId = cert.getRenewalInfoLocation().orElseThrow().toString();
        certId = certId.substring(certId.lastIndexOf('/') + 1);
        String ids = "\"identifiers\":[{\"type\":\"dns\",\"value\":\"owned.example.test\"}]";
        RawAcme.Response foreign = raw.signed(raw.url("newOrder"), "{" + ids + ",\"replaces\":\"" + certId + "\"}",
                key, kid);
        assertThat(foreign.problem()).isEqualTo("unauthorized");
        RawAcme.Response ari = raw.get(raw.url("renewalInfo") + certId);
        assertThat(ari.status()).isEqualTo(200);
        assertThat(ari.header("Retry-After")).isEqualTo("21600");
        assertThat(ari.json()).containsKey("suggestedWindow");
        assertThat(raw.get(raw.url("renewalInfo") + "AAAA.AAAA").status()).isEqualTo(404);
        assertThat(raw.get(raw.url("renewalInfo") + "nodot").problem()).isEqualTo("malformed");
        cert.revoke();
        Map<String, Object> window = (Map<String, Object>) raw.get(raw.url("renewalInfo") + certId).json()
                .get("suggestedWindow");
        assertThat(Instant.parse((String) window.get("end"))).isBeforeOrEqualTo(CLOCK.instant());
    }

    @Test
    void deactivatedAuthorizationInvalidatesTheOrder() throws Exception {
        Order order = pendingOrder("deact.example.test");
        Authorization auth = order.getAuthorizations().get(0);
        auth.deactivate();
        assertThat(auth.getStatus()).isEqualTo(Status.DEACTIVATED);
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        RawAcme.Response again = raw.signed(auth.getLocation().toString(), "{\"status\":\"deactivated\"}",
                accountKeyPair(), account.getLocation().toString());
        assertThat(again.problem()).isEqualTo("malformed");
    }

    @Test
    void challengeTriggerIsIdempotent() throws Exception {
        Order order = readyOrder("idem.example.test");
        Dns01Challenge c = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        c.trigger();
        assertThat(c.getStatus()).isEqualTo(Status.VALID);
        assertThat(ca.events().ofType(CaEvent.Type.CHALLENGE_VALIDATED).stream()
                .filter(e -> e.identifiers().contains("idem.example.test")).collect(Collectors.toList())).hasSize(1);
    }
}
