package dev.certpilot.testca;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Test helper: acme4j 4.0 against a {@link TestCa}, the way the module README tells users to do it. */
final class Acme4j {
    static {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private Acme4j() {
    }

    /** A session whose HTTP client trusts the CA's TLS root. */
    static Session session(TestCa ca) {
        return new Session(ca.directoryUrl(), new GenericAcmeProvider() {
            @Override
            public HttpClient createHttpClient(NetworkSettings settings) {
                return HttpClient.newBuilder()
                        .sslContext(ca.sslContext())
                        .connectTimeout(settings.getTimeout())
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
            }
        });
    }

    static Account account(Session session, KeyPair key) throws Exception {
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(key).create(session);
    }

    static Account account(Session session) throws Exception {
        return account(session, KeyPairUtils.createECKeyPair("secp256r1"));
    }

    /** Orders, publishes dns-01 records, validates, finalizes and downloads. */
    static Certificate issue(TestCa ca, Account account, KeyPair domainKey, String... names) throws Exception {
        return issue(ca, account.newOrder().domains(names), domainKey);
    }

    static Certificate issue(TestCa ca, OrderBuilder builder, KeyPair domainKey) throws Exception {
        Order order = builder.create();
        authorize(ca, order);
        order.waitUntilReady(Duration.ofSeconds(30));
        order.execute(domainKey);
        Status status = order.waitForCompletion(Duration.ofSeconds(30));
        if (status != Status.VALID) {
            throw new IllegalStateException("order " + status + ": " + order.getError());
        }
        return order.getCertificate();
    }

    static void authorize(TestCa ca, Order order) throws Exception {
        List<Authorization> authorizations = order.getAuthorizations();
        for (Authorization auth : authorizations) {
            if (auth.getStatus() == Status.VALID) {
                continue;
            }
            Dns01Challenge c = auth.findChallenge(Dns01Challenge.class).orElseThrow();
            ca.dns().addTxt(c.getRRName(auth.getIdentifier()), c.getDigest());
        }
        for (Authorization auth : authorizations) {
            if (auth.getStatus() == Status.VALID) {
                continue;
            }
            Dns01Challenge c = auth.findChallenge(Dns01Challenge.class).orElseThrow();
            c.trigger();
            Status s = c.waitForCompletion(Duration.ofSeconds(30));
            if (s != Status.VALID) {
                throw new IllegalStateException("challenge " + s + ": " + c.getError());
            }
        }
    }
}
