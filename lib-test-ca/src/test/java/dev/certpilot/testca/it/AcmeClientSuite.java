package dev.certpilot.testca.it;

import static dev.certpilot.testca.it.CertificateAssertions.assertChainsTo;
import static dev.certpilot.testca.it.CertificateAssertions.assertValidity;
import static dev.certpilot.testca.it.CertificateAssertions.dnsNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.Capability;
import dev.certpilot.testca.CertificateStatus;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * One integration suite for every {@link AcmeTestEnvironment}: an unmodified ACME client (acme4j 4) obtains,
 * revokes and renews certificates over dns-01, with the TXT records placed through {@link AcmeTestEnvironment#dns()}.
 * It runs against real Pebble ({@code PebbleAcmeClientTest}) and against the bundled CA, which is how the bundled
 * CA is kept faithful to Pebble.
 *
 * <p>A subclass only says how to start its environment. Tests of a {@link Capability} are skipped on environments
 * that are known to lack it ({@link #KNOWN_GAPS}: Pebble 2.4 has no ARI, profiles or rate limits) and fail on any
 * other environment that lacks it. One environment serves the whole class; a second one, requiring External
 * Account Binding, is started for the EAB test only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120)
public abstract class AcmeClientSuite {

    /** Capabilities an environment of that {@link AcmeTestEnvironment#name()} is documented not to have. */
    protected static final Map<String, Set<Capability>> KNOWN_GAPS = Map.of("pebble", EnumSet.allOf(Capability.class));

    private static final URI ALREADY_REVOKED = URI.create("urn:ietf:params:acme:error:alreadyRevoked");
    private static final URI ALREADY_REPLACED = URI.create("urn:ietf:params:acme:error:alreadyReplaced");
    private static final URI RATE_LIMITED = URI.create("urn:ietf:params:acme:error:rateLimited");
    private static final URI EAB_REQUIRED = URI.create("urn:ietf:params:acme:error:externalAccountRequired");
    private static final Set<URI> VALIDATION_FAILED = Set.of(
            URI.create("urn:ietf:params:acme:error:unauthorized"),
            URI.create("urn:ietf:params:acme:error:incorrectResponse"));

    private AcmeTestEnvironment environment;
    private Session session;
    private KeyPair accountKey;
    private Account account;
    private Dns01Issuance issuance;

    /**
     * Starts the environment under test. Called once per class with {@link EnvironmentOptions#DEFAULT} and once by
     * the EAB test; the suite closes what it gets.
     */
    protected abstract AcmeTestEnvironment start(EnvironmentOptions options) throws Exception;

    /** The environment every test of this class runs against. */
    protected final AcmeTestEnvironment environment() {
        return environment;
    }

    @BeforeAll
    final void startEnvironment() throws Exception {
        environment = start(EnvironmentOptions.DEFAULT);
        session = AcmeSessions.open(environment);
        accountKey = AcmeSessions.newAccountKey();
        account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(session);
        issuance = new Dns01Issuance(environment.dns());
    }

    @AfterAll
    final void stopEnvironment() {
        if (environment != null) {
            environment.close();
        }
    }

    // ---- issuance ---------------------------------------------------------------------------------------------

    @Test
    void issuesForOneName() throws Exception {
        String name = "www." + TestNames.freshDomain();
        Certificate certificate = issuance.issue(account, List.of(name), DomainKeyType.EC_P256.generate());

        X509Certificate leaf = certificate.getCertificate();
        assertThat(dnsNames(leaf)).containsExactly(name);
        assertChainsTo(certificate.getCertificateChain(), environment.issuingRoots());
    }

    @Test
    void issuesForOneHundredNames() throws Exception {
        String domain = TestNames.freshDomain();
        List<String> names = IntStream.range(0, 100).mapToObj(i -> "n" + i + "." + domain).toList();
        Certificate certificate = issuance.issue(account, names, DomainKeyType.EC_P256.generate());

        assertThat(dnsNames(certificate.getCertificate())).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void issuesForApexAndWildcardWithTwoTxtValuesAtOneName() throws Exception {
        String apex = TestNames.freshDomain();
        Order order = account.newOrder().domains(apex, "*." + apex).create();
        List<Dns01Challenge> challenges = new ArrayList<>();
        for (Authorization authz : order.getAuthorizations()) {
            challenges.add(authz.findChallenge(Dns01Challenge.class).orElseThrow());
        }
        String txtName = challenges.get(0).getRRName(apex);
        assertThat(challenges).extracting(c -> c.getRRName(apex)).containsOnly(txtName);
        challenges.forEach(c -> environment.dns().addTxt(txtName, c.getDigest()));
        assertThat(environment.dns().txt(txtName)).containsExactlyElementsOf(
                challenges.stream().map(Dns01Challenge::getDigest).toList());

        for (Challenge challenge : challenges) {
            challenge.trigger();
        }
        assertThat(Polling.await(order, EnumSet.of(Status.READY, Status.INVALID), Duration.ofSeconds(60)))
                .isEqualTo(Status.READY);
        Certificate certificate = issuance.finalizeOrder(order, DomainKeyType.EC_P256.generate());
        environment.dns().clearTxt(txtName);

        assertThat(dnsNames(certificate.getCertificate())).containsExactlyInAnyOrder(apex, "*." + apex);
        assertThat(environment.dns().txt(txtName)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DomainKeyType.class)
    void issuesForEachKeyType(DomainKeyType type) throws Exception {
        KeyPair domainKey = type.generate();
        Certificate certificate = issuance.issue(account, List.of(TestNames.freshDomain()), domainKey);

        X509Certificate leaf = certificate.getCertificate();
        assertThat(type.matches(leaf.getPublicKey())).as("leaf key is %s", type).isTrue();
        assertThat(leaf.getPublicKey()).isEqualTo(domainKey.getPublic());
    }

    @Test
    void failedValidationInvalidatesChallengeAndOrder() throws Exception {
        String name = TestNames.freshDomain();
        Order order = account.newOrder().domain(name).create();
        Dns01Challenge challenge = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        String txtName = challenge.getRRName(name);
        environment.dns().addTxt(txtName, "not-the-digest-" + challenge.getDigest().substring(5));
        try {
            challenge.trigger();
            assertThat(Polling.await(order, EnumSet.of(Status.READY, Status.INVALID), Duration.ofSeconds(60)))
                    .isEqualTo(Status.INVALID);
        } finally {
            environment.dns().clearTxt(txtName);
        }
        challenge.fetch();
        assertThat(challenge.getStatus()).isEqualTo(Status.INVALID);
        assertThat(challenge.getError()).hasValueSatisfying(
                problem -> assertThat(problem.getType()).isIn(VALIDATION_FAILED));
    }

    @Test
    void validatesThroughACnameAtTheChallengeName() throws Exception {
        String name = TestNames.freshDomain();
        String delegated = "_acme-challenge." + TestNames.freshDomain();
        Order order = account.newOrder().domain(name).create();
        Dns01Challenge challenge = order.getAuthorizations().get(0).findChallenge(Dns01Challenge.class).orElseThrow();
        environment.dns().setCname(challenge.getRRName(name), delegated);
        environment.dns().addTxt(delegated, challenge.getDigest());
        try {
            challenge.trigger();
            assertThat(Polling.await(order, EnumSet.of(Status.READY, Status.INVALID), Duration.ofSeconds(60)))
                    .isEqualTo(Status.READY);
        } finally {
            environment.dns().clearTxt(delegated);
            environment.dns().clearCname(challenge.getRRName(name));
        }
    }

    // ---- revocation -------------------------------------------------------------------------------------------

    @Test
    void revokesWithTheAccountKeyAndReportsTheStatus() throws Exception {
        Certificate certificate = issuance.issue(account, List.of(TestNames.freshDomain()), DomainKeyType.EC_P256.generate());
        BigInteger serial = certificate.getCertificate().getSerialNumber();
        assertThat(environment.certificateStatus(serial)).hasValueSatisfying(status -> {
            assertThat(status.revoked()).isFalse();
            assertThat(status.serial()).isEqualTo(serial.toString(16));
        });

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        certificate.revoke(RevocationReason.SUPERSEDED);

        CertificateStatus status = environment.certificateStatus(serial).orElseThrow();
        assertThat(status.revoked()).isTrue();
        assertThat(status.reason()).contains(RevocationReason.SUPERSEDED.getReasonCode());
        assertThat(status.revokedAt()).hasValueSatisfying(at -> assertThat(at).isBetween(before, Instant.now().plusSeconds(1)));
        AcmeServerException again = catchThrowableOfType(AcmeServerException.class,
                () -> certificate.revoke(RevocationReason.SUPERSEDED));
        assertThat(again.getType()).isEqualTo(ALREADY_REVOKED);
    }

    @Test
    void revokesWithTheCertificateKey() throws Exception {
        KeyPair domainKey = DomainKeyType.EC_P256.generate();
        Certificate certificate = issuance.issue(account, List.of(TestNames.freshDomain()), domainKey);
        X509Certificate leaf = certificate.getCertificate();

        Certificate.revoke(AcmeSessions.open(environment), domainKey, leaf, null);

        CertificateStatus status = environment.certificateStatus(leaf.getSerialNumber()).orElseThrow();
        assertThat(status.revoked()).isTrue();
        assertThat(status.reason()).isEmpty();
    }

    @Test
    void knowsNothingOfAnUnknownSerial() {
        assertThat(environment.certificateStatus(new BigInteger("7ffffffffffffffe", 16))).isEmpty();
    }

    // ---- accounts ---------------------------------------------------------------------------------------------

    @Test
    void rollsTheAccountKeyOver() throws Exception {
        KeyPair oldKey = AcmeSessions.newAccountKey();
        Account rolled = new AccountBuilder().agreeToTermsOfService().useKeyPair(oldKey).create(session);
        KeyPair newKey = DomainKeyType.EC_P384.generate();

        rolled.changeKey(newKey);

        Login withNewKey = AcmeSessions.open(environment).login(rolled.getLocation(), newKey);
        issuance.issue(withNewKey.getAccount(), List.of(TestNames.freshDomain()), DomainKeyType.EC_P256.generate());
        Account foundByNewKey = new AccountBuilder().onlyExisting().useKeyPair(newKey).create(AcmeSessions.open(environment));
        assertThat(foundByNewKey.getLocation()).isEqualTo(rolled.getLocation());
        Login withOldKey = AcmeSessions.open(environment).login(rolled.getLocation(), oldKey);
        assertThatThrownBy(() -> withOldKey.getAccount().newOrder().domain(TestNames.freshDomain()).create())
                .isInstanceOf(AcmeServerException.class);
    }

    @Test
    void findsTheExistingAccountOfAKey() throws Exception {
        Session fresh = AcmeSessions.open(environment);

        Account existing = new AccountBuilder().onlyExisting().useKeyPair(accountKey).create(fresh);
        Account again = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(fresh);

        assertThat(existing.getLocation()).isEqualTo(account.getLocation());
        assertThat(again.getLocation()).isEqualTo(account.getLocation());
        Login login = fresh.login(account.getLocation(), accountKey);
        issuance.issue(login.getAccount(), List.of(TestNames.freshDomain()), DomainKeyType.EC_P256.generate());
    }

    @Test
    void refusesOnlyExistingForAnUnknownKey() {
        KeyPair unknown = AcmeSessions.newAccountKey();
        assertThatThrownBy(() -> new AccountBuilder().onlyExisting().useKeyPair(unknown).create(session))
                .isInstanceOf(AcmeServerException.class)
                .extracting(e -> ((AcmeServerException) e).getType())
                .isEqualTo(URI.create("urn:ietf:params:acme:error:accountDoesNotExist"));
    }

    @Test
    void requiresAndAcceptsExternalAccountBinding() throws Exception {
        ExternalAccountKey key = ExternalAccountKey.random("certpilot-suite-kid");
        try (AcmeTestEnvironment eab = start(EnvironmentOptions.requiringEab(key))) {
            Session eabSession = AcmeSessions.open(eab);
            assertThat(eabSession.getMetadata().isExternalAccountRequired()).isTrue();

            AcmeServerException without = catchThrowableOfType(AcmeServerException.class, () -> new AccountBuilder()
                    .agreeToTermsOfService().useKeyPair(AcmeSessions.newAccountKey()).create(eabSession));
            assertThat(without.getType()).isEqualTo(EAB_REQUIRED);
            ExternalAccountKey wrong = ExternalAccountKey.random(key.keyId());
            assertThatThrownBy(() -> new AccountBuilder().agreeToTermsOfService()
                    .useKeyPair(AcmeSessions.newAccountKey())
                    .withKeyIdentifier(wrong.keyId(), wrong.secretKey()).create(eabSession))
                    .isInstanceOf(AcmeServerException.class);

            Account bound = new AccountBuilder().agreeToTermsOfService()
                    .useKeyPair(AcmeSessions.newAccountKey())
                    .withKeyIdentifier(key.keyId(), key.secretKey()).create(eabSession);
            Certificate certificate = new Dns01Issuance(eab.dns())
                    .issue(bound, List.of(TestNames.freshDomain()), DomainKeyType.EC_P256.generate());
            assertThat(certificate.getCertificateChain()).isNotEmpty();
        }
    }

    // ---- the environment's own contract ----------------------------------------------------------------------

    @Test
    void dnsControlRemovesOneTxtValueAndKeepsTheOthers() {
        String name = "_acme-challenge." + TestNames.freshDomain();
        environment.dns().addTxt(name, "first");
        environment.dns().addTxt(name.toUpperCase() + ".", "second");
        environment.dns().addTxt(name, "third");

        environment.dns().removeTxt(name, "second");
        environment.dns().removeTxt(name, "absent");

        assertThat(environment.dns().txt(name)).containsExactly("first", "third");
        environment.dns().clearTxt(name);
        assertThat(environment.dns().txt(name)).isEmpty();
    }

    @Test
    void tlsRootPemIsTheRootInTheTrustStore() throws Exception {
        X509Certificate fromPem = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(environment.tlsRootPem().getBytes()));
        assertThat(environment.trustStore().getCertificateAlias(fromPem)).isNotNull();
        assertThat(environment.directoryUrl().getScheme()).isEqualTo("https");
        assertThat(environment.dnsAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    // ---- capabilities Pebble lacks ----------------------------------------------------------------------------

    @Test
    void answersRenewalInfoAndHonoursReplaces() throws Exception {
        assumeCapability(Capability.ARI, "ACME Renewal Information (RFC 9773)");
        List<String> names = List.of(TestNames.freshDomain());
        Certificate certificate = issuance.issue(account, names, DomainKeyType.EC_P256.generate());
        X509Certificate leaf = certificate.getCertificate();

        assertThat(certificate.hasRenewalInfo()).isTrue();
        RenewalInfo info = certificate.getRenewalInfo();
        assertThat(info.getSuggestedWindowStart()).isBefore(info.getSuggestedWindowEnd());
        assertThat(info.getSuggestedWindowStart()).isAfter(leaf.getNotBefore().toInstant());
        assertThat(info.getSuggestedWindowEnd()).isBefore(leaf.getNotAfter().toInstant());

        Certificate replacement = issuance.finalizeOrder(
                issuance.authorize(account, names, order -> order.replaces(certificate)), DomainKeyType.EC_P256.generate());
        assertThat(dnsNames(replacement.getCertificate())).containsExactlyElementsOf(names);
        AcmeServerException twice = catchThrowableOfType(AcmeServerException.class, () -> issuance.finalizeOrder(
                issuance.authorize(account, names, order -> order.replaces(certificate)), DomainKeyType.EC_P256.generate()));
        assertThat(twice.getType()).isEqualTo(ALREADY_REPLACED);
    }

    @Test
    void issuesPerProfile() throws Exception {
        assumeCapability(Capability.PROFILES, "ACME profiles (draft-aaron-acme-profiles)");
        assertThat(session.getMetadata().getProfiles()).contains("classic", "tlsserver", "shortlived");

        assertValidity(issueWith(order -> order), Duration.ofDays(90), Duration.ofDays(1));
        assertValidity(issueWith(order -> order.profile("classic")), Duration.ofDays(90), Duration.ofDays(1));
        assertValidity(issueWith(order -> order.profile("tlsserver")), Duration.ofDays(45), Duration.ofDays(1));
        assertValidity(issueWith(order -> order.profile("shortlived")), Duration.ofHours(160), Duration.ofHours(1));
    }

    @Test
    void limitsDuplicateCertificatesWith429AndRetryAfter() throws Exception {
        assumeCapability(Capability.RATE_LIMITS, "simulated rate limits");
        List<String> names = List.of(TestNames.freshDomain());
        int issued = 0;
        AcmeRateLimitedException limited = null;
        while (limited == null && issued <= 5) {
            try {
                issuance.issue(account, names, DomainKeyType.EC_P256.generate());
                issued++;
            } catch (AcmeRateLimitedException e) {
                limited = e;
            }
        }
        assertThat(issued).as("certificates for one exact set of names before the limit (Let's Encrypt: 5)")
                .isEqualTo(5);
        assertThat(limited).isNotNull();
        assertThat(limited.getType()).isEqualTo(RATE_LIMITED);
        assertThat(limited.getRetryAfter()).hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now()));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * Continues when the environment has {@code capability}; skips when it is a known gap of that environment
     * ({@link #KNOWN_GAPS}); fails otherwise, so a missing feature can be skipped only where it is documented.
     */
    protected final void assumeCapability(Capability capability, String what) {
        if (environment.supports(capability)) {
            return;
        }
        if (KNOWN_GAPS.getOrDefault(environment.name(), Set.of()).contains(capability)) {
            Assumptions.abort(environment.name() + " has no " + what + " (" + capability + "): skipped there only");
        }
        Assertions.fail(environment.name() + " must support " + capability + " (" + what + ")");
    }

    private Certificate issueWith(UnaryOperator<org.shredzone.acme4j.OrderBuilder> customize)
            throws AcmeException, InterruptedException {
        Order order = issuance.authorize(account, List.of(TestNames.freshDomain()), customize);
        return issuance.finalizeOrder(order, DomainKeyType.EC_P256.generate());
    }
}
