package dev.certpilot.testca.it;

import dev.certpilot.testca.TestDnsControl;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Obtains certificates with plain acme4j over dns-01, publishing the TXT records through a {@link TestDnsControl}.
 *
 * <p>One order: create it, publish one TXT value per pending authorization (apex and wildcard put two values at
 * one name), trigger every challenge at once, poll the order until {@code ready} (see {@link Polling}), remove the
 * values again (also on failure), finalize with a CSR for the order's names, poll until {@code valid}. Reused
 * authorizations (already {@code valid}) are skipped. Thread-safe when the {@code TestDnsControl} is.
 */
public final class Dns01Issuance {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final TestDnsControl dns;
    private final Duration timeout;

    /** Issues through {@code dns} with a 60 s bound on each wait. */
    public Dns01Issuance(TestDnsControl dns) {
        this(dns, DEFAULT_TIMEOUT);
    }

    /** Issues through {@code dns} with {@code timeout} as the bound on each wait for the CA. */
    public Dns01Issuance(TestDnsControl dns, Duration timeout) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Orders, authorizes and finalizes a certificate for {@code names} with {@code domainKey}. */
    public Certificate issue(Account account, Collection<String> names, KeyPair domainKey)
            throws AcmeException, InterruptedException {
        return finalizeOrder(authorize(account, names, UnaryOperator.identity()), domainKey);
    }

    /**
     * Creates an order for {@code names} ({@code customize} may add a profile, {@code replaces} ...) and returns
     * it once it is {@code ready}.
     *
     * @throws AcmeException when the order turns {@code invalid} (the message carries the challenges' errors)
     */
    public Order authorize(Account account, Collection<String> names, UnaryOperator<OrderBuilder> customize)
            throws AcmeException, InterruptedException {
        Order order = customize.apply(account.newOrder().domains(names)).create();
        List<TxtValue> published = new ArrayList<>();
        List<Dns01Challenge> challenges = new ArrayList<>();
        try {
            for (Authorization authz : order.getAuthorizations()) {
                Status status = authz.getStatus();
                if (status == Status.VALID) {
                    continue;
                }
                if (status != Status.PENDING) {
                    throw new AcmeException("authorization for " + authz.getIdentifier().getDomain() + " is " + status);
                }
                Dns01Challenge challenge = authz.findChallenge(Dns01Challenge.class).orElseThrow(
                        () -> new AcmeException("no dns-01 challenge for " + authz.getIdentifier().getDomain()));
                String name = challenge.getRRName(authz.getIdentifier());
                dns.addTxt(name, challenge.getDigest());
                published.add(new TxtValue(name, challenge.getDigest()));
                challenges.add(challenge);
            }
            for (Dns01Challenge challenge : challenges) {
                challenge.trigger();
            }
            Status status = Polling.await(order, EnumSet.of(Status.READY, Status.VALID, Status.INVALID), timeout);
            if (status == Status.INVALID) {
                throw new AcmeException("order " + order.getLocation() + " became invalid: " + problems(order, challenges));
            }
            return order;
        } finally {
            for (TxtValue record : published) {
                dns.removeTxt(record.name(), record.value());
            }
        }
    }

    /** Finalizes a {@code ready} order with a CSR signed by {@code domainKey} and returns its certificate. */
    public Certificate finalizeOrder(Order order, KeyPair domainKey) throws AcmeException, InterruptedException {
        order.execute(domainKey);
        Status status = Polling.await(order, EnumSet.of(Status.VALID, Status.INVALID), timeout);
        if (status != Status.VALID) {
            throw new AcmeException("order " + order.getLocation() + " became invalid at finalize: "
                    + order.getError().map(Object::toString).orElse("no error given"));
        }
        Certificate certificate = order.getCertificate();
        certificate.download();
        return certificate;
    }

    private record TxtValue(String name, String value) {
    }

    private static String problems(Order order, List<Dns01Challenge> challenges) throws AcmeException {
        StringBuilder text = new StringBuilder(order.getError().map(Object::toString).orElse("no order error"));
        for (Dns01Challenge challenge : challenges) {
            challenge.fetch();
            challenge.getError().ifPresent(problem -> text.append("; ").append(problem));
        }
        return text.toString();
    }
}
