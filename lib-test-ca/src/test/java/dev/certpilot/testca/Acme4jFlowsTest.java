package dev.certpilot.testca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Happy paths with acme4j 4.0 as the client. */
class Acme4jFlowsTest {
    private static TestCa ca;
    private static Session session;
    private static Account account;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.builder().seed(42).start();
        session = Acme4j.session(ca);
        account = Acme4j.account(session);
    }

    @AfterAll
    static void stop() {
        ca.close();
    }

    private static KeyPair ec() {
        return KeyPairUtils.createECKeyPair("secp256r1");
    }

    private static List<String> sans(X509Certificate cert) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            out.add(san.get(1).toString());
        }
        return out;
    }

    private static String problemType(Throwable t) {
        return ((AcmeServerException) t).getType().toString();
    }

    @Test
    void singleNameWithChainAndAlternate() throws Exception {
        Certificate cert = Acme4j.issue(ca, account, ec(), "single.example.test");
        X509Certificate leaf = cert.getCertificate();
        assertThat(cert.getCertificateChain()).hasSize(2);
        assertThat(sans(leaf)).containsExactly("single.example.test");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getKeyUsage()[0]).isTrue();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        Duration validity = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(validity).isEqualTo(Duration.ofDays(90));
        var holder = new JcaX509CertificateHolder(leaf);
        var aki = AuthorityKeyIdentifier.fromExtensions(holder.getExtensions());
        X509Certificate intermediate = cert.getCertificateChain().get(1);
        var ski = SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(intermediate).getExtensions());
        assertThat(aki.getKeyIdentifier()).isEqualTo(ski.getKeyIdentifier());
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        leaf.verify(intermediate.getPublicKey());
        intermediate.verify(ca.issuingRoots().get(0).getPublicKey());

        List<Certificate> alternates = cert.getAlternateCertificates();
        assertThat(alternates).hasSize(1);
        X509Certificate altIntermediate = alternates.get(0).getCertificateChain().get(1);
        altIntermediate.verify(ca.issuingRoots().get(1).getPublicKey());
        assertThat(alternates.get(0).getCertificate()).isEqualTo(leaf);

        assertThat(ca.events().ofType(CaEvent.Type.CERTIFICATE_ISSUED)).anySatisfy(e -> {
            assertThat(e.serial()).isEqualTo(leaf.getSerialNumber().toString(16));
            assertThat(e.identifiers()).containsExactly("single.example.test");
        });
        assertThat(ca.certificateStatus(leaf.getSerialNumber())).hasValueSatisfying(s -> assertThat(s.revoked())
                .isFalse());
    }

    @Test
    void hundredNames() throws Exception {
        String[] names = IntStream.range(0, 100).mapToObj(i -> "host" + i + ".hundred.example.test")
                .toArray(String[]::new);
        Certificate cert = Acme4j.issue(ca, account, ec(), names);
        assertThat(cert.getCertificate().getSubjectAlternativeNames()).hasSize(100);
    }

    @Test
    void apexAndWildcardShareOneTxtName() throws Exception {
        Order order = account.newOrder().domains("wild.example.test", "*.wild.example.test").create();
        List<Authorization> auths = order.getAuthorizations();
        assertThat(auths).hasSize(2);
        Authorization wildcard = auths.stream().filter(Authorization::isWildcard).findFirst().orElseThrow();
        assertThat(wildcard.getChallenges()).extracting(c -> c.getType()).containsExactly("dns-01");
        assertThat(wildcard.getIdentifier().getDomain()).isEqualTo("wild.example.test");
        Acme4j.authorize(ca, order);
        assertThat(ca.dns().txt("_acme-challenge.wild.example.test")).hasSize(2);
        order.waitUntilReady(Duration.ofSeconds(10));
        order.execute(ec());
        assertThat(order.waitForCompletion(Duration.ofSeconds(10))).isEqualTo(Status.VALID);
        assertThat(sans(order.getCertificate().getCertificate()))
                .containsExactlyInAnyOrder("wild.example.test", "*.wild.example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC-secp256r1", "EC-secp384r1", "RSA-2048", "RSA-3072", "RSA-4096"})
    void eachAllowedKeyType(String type) throws Exception {
        String[] parts = type.split("-");
        KeyPair key = parts[0].equals("EC") ? KeyPairUtils.createECKeyPair(parts[1])
                : KeyPairUtils.createKeyPair(Integer.parseInt(parts[1]));
        Certificate cert = Acme4j.issue(ca, account, key, type.toLowerCase() + ".keys.example.test");
        assertThat(cert.getCertificate().getPublicKey()).isEqualTo(key.getPublic());
    }

    @Test
    void accountKeysOfEveryAlgorithm() throws Exception {
        for (KeyPair key : List.of(KeyPairUtils.createECKeyPair("secp384r1"),
                KeyPairUtils.createECKeyPair("secp521r1"), KeyPairUtils.createKeyPair(2048))) {
            Account a = Acme4j.account(session, key);
            Acme4j.issue(ca, a, ec(), "acct-" + key.getPublic().getAlgorithm().toLowerCase()
                    + key.getPublic().hashCode() % 1000 + ".example.test");
        }
    }

    @Test
    void revokeByAccountAndByCertificateKey() throws Exception {
        Certificate cert = Acme4j.issue(ca, account, ec(), "revoke1.example.test");
        cert.revoke(RevocationReason.KEY_COMPROMISE);
        BigInteger serial = cert.getCertificate().getSerialNumber();
        assertThat(ca.certificateStatus(serial)).hasValueSatisfying(s -> {
            assertThat(s.revoked()).isTrue();
            assertThat(s.reason()).contains(1);
            assertThat(s.revokedAt()).isPresent();
        });
        assertThatThrownBy(cert::revoke).satisfies(t -> assertThat(problemType(t))
                .isEqualTo("urn:ietf:params:acme:error:alreadyRevoked"));
        assertThat(ca.events().ofType(CaEvent.Type.CERTIFICATE_REVOKED)).anySatisfy(e -> assertThat(e.serial())
                .isEqualTo(serial.toString(16)));

        KeyPair domainKey = ec();
        Certificate byKey = Acme4j.issue(ca, account, domainKey, "revoke2.example.test");
        Certificate.revoke(session, domainKey, byKey.getCertificate(), null);
        assertThat(ca.certificateStatus(byKey.getCertificate().getSerialNumber()).orElseThrow().reason()).isEmpty();

        Certificate third = Acme4j.issue(ca, account, ec(), "revoke3.example.test");
        var stranger = new AccountBuilder().agreeToTermsOfService().useKeyPair(ec()).createLogin(Acme4j.session(ca));
        assertThatThrownBy(() -> Certificate.revoke(stranger, third.getCertificate(), null))
                .satisfies(t -> assertThat(problemType(t)).isEqualTo("urn:ietf:params:acme:error:unauthorized"));
        assertThatThrownBy(() -> Certificate.revoke(session, ec(), third.getCertificate(), null))
                .satisfies(t -> assertThat(problemType(t)).isEqualTo("urn:ietf:params:acme:error:unauthorized"));
        assertThat(ca.certificateStatus(third.getCertificate().getSerialNumber()).orElseThrow().revoked()).isFalse();
        assertThat(ca.certificateStatus(BigInteger.valueOf(12345))).isEmpty();
    }

    @Test
    void keyRollover() throws Exception {
        KeyPair oldKey = ec();
        Account a = Acme4j.account(Acme4j.session(ca), oldKey);
        KeyPair newKey = KeyPairUtils.createKeyPair(2048);
        a.changeKey(newKey);
        Acme4j.issue(ca, a, ec(), "rolled.example.test");
        Session fresh = Acme4j.session(ca);
        Account found = new AccountBuilder().onlyExisting().useKeyPair(newKey).create(fresh);
        assertThat(found.getLocation()).isEqualTo(a.getLocation());
        assertThatThrownBy(() -> new AccountBuilder().onlyExisting().useKeyPair(oldKey).create(Acme4j.session(ca)))
                .satisfies(t -> assertThat(problemType(t))
                        .isEqualTo("urn:ietf:params:acme:error:accountDoesNotExist"));
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_KEY_CHANGED)).isNotEmpty();
    }

    @Test
    void accountLifecycle() throws Exception {
        KeyPair key = ec();
        Account a = new AccountBuilder().agreeToTermsOfService().addEmail("ops@example.test").useKeyPair(key)
                .create(Acme4j.session(ca));
        assertThat(a.getStatus()).isEqualTo(Status.VALID);
        assertThat(a.getContacts()).extracting(Object::toString).containsExactly("mailto:ops@example.test");
        Account again = new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(Acme4j.session(ca));
        assertThat(again.getLocation()).isEqualTo(a.getLocation());
        a.modify().addEmail("second@example.test").commit();
        assertThat(a.getContacts()).hasSize(2);
        a.deactivate();
        assertThat(a.getStatus()).isEqualTo(Status.DEACTIVATED);
        assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().useKeyPair(key)
                .create(Acme4j.session(ca))).satisfies(t -> assertThat(problemType(t))
                .isEqualTo("urn:ietf:params:acme:error:unauthorized"));
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_DEACTIVATED)).isNotEmpty();
    }

    @Test
    void renewalInfoAndReplacement() throws Exception {
        Certificate cert = Acme4j.issue(ca, account, ec(), "ari.example.test");
        assertThat(cert.hasRenewalInfo()).isTrue();
        var info = cert.getRenewalInfo();
        Instant nb = cert.getCertificate().getNotBefore().toInstant();
        assertThat(info.getSuggestedWindowStart()).isAfter(nb.plus(Duration.ofDays(55)));
        assertThat(info.getSuggestedWindowEnd()).isBefore(nb.plus(Duration.ofDays(65)));

        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        ca.setRenewalInfo(cert.getCertificate().getSerialNumber(), new RenewalWindow(start, start.plusSeconds(60)));
        var changed = cert.getRenewalInfo();
        changed.fetch();
        assertThat(changed.getSuggestedWindowStart()).isEqualTo(start);

        Certificate replacement = Acme4j.issue(ca, account.newOrder().domains("ari.example.test").replaces(cert),
                ec());
        assertThat(replacement.getCertificate()).isNotEqualTo(cert.getCertificate());
        assertThatThrownBy(() -> account.newOrder().domains("ari.example.test").replaces(cert).create())
                .satisfies(t -> assertThat(problemType(t))
                        .isEqualTo("urn:ietf:params:acme:error:alreadyReplaced"));
    }

    @Test
    void profiles() throws Exception {
        assertThat(session.getMetadata().getProfiles()).contains("classic", "tlsserver", "shortlived");
        Certificate shortLived = Acme4j.issue(ca, account.newOrder().domains("short.example.test")
                .profile("shortlived"), ec());
        X509Certificate leaf = shortLived.getCertificate();
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(160));
        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        Certificate tls = Acme4j.issue(ca, account.newOrder().domains("tls.example.test").profile("tlsserver"), ec());
        assertThat(Duration.between(tls.getCertificate().getNotBefore().toInstant(),
                tls.getCertificate().getNotAfter().toInstant())).isEqualTo(Duration.ofDays(45));
        assertThatThrownBy(() -> account.newOrder().domains("x.example.test").profile("nope").create())
                .as("acme4j checks meta.profiles itself").isInstanceOf(
                        org.shredzone.acme4j.exception.AcmeNotSupportedException.class);
    }

    @Test
    void externalAccountBinding() throws Exception {
        String macKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        try (TestCa eabCa = TestCa.builder().eab("kid-1", macKey).eabRequired(true).start()) {
            Session s = Acme4j.session(eabCa);
            assertThat(s.getMetadata().isExternalAccountRequired()).isTrue();
            assertThatThrownBy(() -> Acme4j.account(s)).satisfies(t -> assertThat(problemType(t))
                    .isEqualTo("urn:ietf:params:acme:error:externalAccountRequired"));
            assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().useKeyPair(ec())
                    .withKeyIdentifier("kid-2", macKey).create(s)).satisfies(t -> assertThat(problemType(t))
                    .isEqualTo("urn:ietf:params:acme:error:unauthorized"));
            String wrongKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3, 4,
                5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
                32});
            assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService().useKeyPair(ec())
                    .withKeyIdentifier("kid-1", wrongKey).create(s)).satisfies(t -> assertThat(problemType(t))
                    .isEqualTo("urn:ietf:params:acme:error:unauthorized"));
            assertThat(eabCa.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).isEmpty();
            Account a = new AccountBuilder().agreeToTermsOfService().useKeyPair(ec())
                    .withKeyIdentifier("kid-1", macKey).create(s);
            assertThat(a.hasExternalAccountBinding()).isTrue();
            Acme4j.issue(eabCa, a, ec(), "eab.example.test");
            assertThat(eabCa.events().ofType(CaEvent.Type.ACCOUNT_CREATED).get(0).detail()).isEqualTo("eab kid-1");
        }
    }

    @Test
    void http01ForAnIpIdentifier() throws Exception {
        try (Http01Responder http = new Http01Responder();
             TestCa httpCa = TestCa.builder().httpPort(http.port()).start()) {
            Session s = Acme4j.session(httpCa);
            Account a = Acme4j.account(s);
            Order order = a.newOrder().identifier(org.shredzone.acme4j.Identifier.ip("127.0.0.1")).create();
            Authorization auth = order.getAuthorizations().get(0);
            assertThat(auth.getChallenges()).extracting(c -> c.getType()).containsExactly("http-01");
            Http01Challenge c = auth.findChallenge(Http01Challenge.class).orElseThrow();
            http.put(c.getToken(), c.getAuthorization());
            c.trigger();
            assertThat(c.getStatus()).isEqualTo(Status.VALID);
            order.waitUntilReady(Duration.ofSeconds(10));
            order.execute(ec());
            order.waitForCompletion(Duration.ofSeconds(10));
            assertThat(sans(order.getCertificate().getCertificate())).containsExactly("127.0.0.1");

            Order named = a.newOrder().domains("web.example.test").create();
            httpCa.dns().addA("web.example.test", "127.0.0.1");
            Http01Challenge wrong = named.getAuthorizations().get(0).findChallenge(Http01Challenge.class)
                    .orElseThrow();
            http.put(wrong.getToken(), "not-the-key-authorization");
            wrong.trigger();
            assertThat(wrong.getStatus()).isEqualTo(Status.INVALID);
            assertThat(wrong.getError().orElseThrow().getType().toString())
                    .isEqualTo("urn:ietf:params:acme:error:incorrectResponse");
        }
    }

    @Test
    void http01WithNothingListeningIsAConnectionProblem() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (TestCa httpCa = TestCa.builder().httpPort(closedPort).start()) {
            Account a = Acme4j.account(Acme4j.session(httpCa));
            Order order = a.newOrder().identifier(org.shredzone.acme4j.Identifier.ip("127.0.0.1")).create();
            Http01Challenge c = order.getAuthorizations().get(0).findChallenge(Http01Challenge.class).orElseThrow();
            c.trigger();
            assertThat(c.getStatus()).isEqualTo(Status.INVALID);
            assertThat(c.getError().orElseThrow().getType().toString())
                    .isEqualTo("urn:ietf:params:acme:error:connection");
        }
    }

    @Test
    void ordersListAndAuthorizationReuse() throws Exception {
        try (TestCa reuse = TestCa.builder().authzReusePercent(100).start()) {
            Account a = Acme4j.account(Acme4j.session(reuse));
            Acme4j.issue(reuse, a, ec(), "reuse.example.test");
            Order second = a.newOrder().domains("reuse.example.test").create();
            assertThat(second.getAuthorizations().get(0).getStatus()).isEqualTo(Status.VALID);
            assertThat(second.getStatus()).isEqualTo(Status.READY);
            List<Order> orders = new ArrayList<>();
            a.getOrders().forEachRemaining(orders::add);
            assertThat(orders).hasSize(2);
        }
        assertThat(Arrays.asList(1, 2)).hasSize(2);
    }
}
