package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** newOrder, order fetch and finalize (with issuance). */
final class OrderResource {
    private final CaContext ctx;
    private final Authenticator auth;
    private final ValidationRunner scheduler;

    OrderResource(CaContext ctx, Authenticator auth, ValidationRunner scheduler) {
        this.ctx = ctx;
        this.auth = auth;
        this.scheduler = scheduler;
    }

    AcmeResponse newOrder(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        Account account = sr.account();
        Map<String, Object> json = sr.json();
        if (json.containsKey("notBefore") || json.containsKey("notAfter")) {
            throw Problem.malformed("NotBefore and NotAfter are not supported");
        }
        List<Identifier> ids = OrderIdentifiers.parse(json.get("identifiers"));
        String profile;
        String replaces;
        try {
            profile = Json.string(json, "profile");
            replaces = Json.string(json, "replaces");
        } catch (IllegalArgumentException e) {
            throw Problem.malformed(e.getMessage());
        }
        if (profile == null) {
            profile = ctx.settings.defaultProfile();
        } else if (!ctx.settings.profiles().containsKey(profile)) {
            throw Problem.of("invalidProfile", 400, "Order includes unrecognized profile name \"" + profile
                    + "\"; this CA offers " + ctx.settings.profiles().keySet()).toException();
        }
        BigInteger replacedSerial = null;
        if (replaces != null) {
            try {
                replacedSerial = CertIds.serial(replaces, ctx.pki.intermediateKeyId());
            } catch (ProblemException e) {
                throw Problem.malformed("replaces: " + e.problem().detail());
            }
        }
        Instant now = ctx.now();
        Order order = null;
        ProblemException limited = null;
        synchronized (ctx.store) {
            IssuedCertificate replaced = null;
            if (replacedSerial != null) {
                replaced = checkReplaces(replacedSerial, account, ids, now);
            } else {
                try {
                    ctx.limits.checkNewOrder(account.id, ids, now);
                } catch (ProblemException e) {
                    limited = e;
                }
            }
            if (limited == null) {
                order = createOrder(account, ids, profile, replaces, replaced, now);
            }
        }
        if (limited != null) {
            // logged outside the store lock: event listeners may call back into the CA
            ctx.event(CaEvent.Type.RATE_LIMITED, account.id, CaContext.values(ids), null, limited.problem().detail());
            throw limited;
        }
        ctx.event(CaEvent.Type.ORDER_CREATED, account.id, CaContext.values(ids), null,
                replaces == null ? "" : "replaces " + replaces);
        return orderResponse(201, order, req, now).header("Location", req.base() + Paths.ORDER + order.id);
    }

    private Order createOrder(Account account, List<Identifier> ids, String profile, String replaces,
                              IssuedCertificate replaced, Instant now) {
        Order order = new Order(ctx.newId(), account.id, ids, now.plus(ctx.settings.orderLifetime()), profile,
                replaces, replaced, now);
        for (Identifier id : ids) {
            Authorization authz = reusable(account, id, now);
            if (authz == null) {
                authz = newAuthorization(account, id, now);
            }
            authz.orders.add(order);
            order.authorizations.add(authz);
        }
        if (replaced != null) {
            replaced.replacedBy = order;
        } else {
            ctx.limits.recordNewOrder(account.id, now);
        }
        ctx.store.orders.put(order.id, order);
        account.orderIds.add(order.id);
        return order;
    }

    private IssuedCertificate checkReplaces(BigInteger serial, Account account, List<Identifier> ids, Instant now) {
        IssuedCertificate cert = ctx.store.certificatesBySerial.get(serial);
        if (cert == null) {
            throw Problem.malformed("replaces: no certificate with serial " + serial.toString(16));
        }
        if (!cert.accountId.equals(account.id)) {
            throw Problem.unauthorized("requester account did not request the certificate being replaced");
        }
        if (cert.replacedBy != null && !"invalid".equals(cert.replacedBy.status(now))) {
            throw Problem.of("alreadyReplaced", 409, "certificate with serial " + serial.toString(16)
                    + " already has a replacement order").toException();
        }
        if (ids.stream().noneMatch(cert.identifiers::contains)) {
            throw Problem.malformed("replaces: the new order shares no identifier with the replaced certificate");
        }
        return cert;
    }

    private Authorization reusable(Account account, Identifier id, Instant now) {
        if (!ctx.roll(ctx.settings.authzReusePercent())) {
            return null;
        }
        for (Authorization a : ctx.store.authorizations.values()) {
            if (a.accountId.equals(account.id) && a.identifier.equals(id.base()) && a.wildcard == id.wildcard()
                    && "valid".equals(a.status(now))) {
                return a;
            }
        }
        return null;
    }

    private Authorization newAuthorization(Account account, Identifier id, Instant now) {
        Instant expires = now.plus(ctx.settings.authzLifetime());
        Authorization authz = new Authorization(ctx.newId(), account.id, id.base(), id.wildcard(), expires);
        List<String> types = new ArrayList<>();
        if (!id.wildcard()) {
            types.add("http-01");
        }
        if ("dns".equals(id.type())) {
            types.add("dns-01");
        }
        for (String type : types) {
            Challenge c = new Challenge(ctx.newId(), type, ctx.token(32), authz);
            authz.challenges.add(c);
            ctx.store.challenges.put(c.id, c);
        }
        ctx.store.authorizations.put(authz.id, authz);
        return authz;
    }

    private AcmeResponse orderResponse(int status, Order order, AcmeRequest req, Instant now) {
        Map<String, Object> view;
        String state;
        synchronized (ctx.store) {
            view = Views.order(order, req.base(), now);
            state = order.status(now);
        }
        AcmeResponse r = AcmeResponse.json(status, view);
        if ("pending".equals(state) || "processing".equals(state)) {
            r.header("Retry-After", Long.toString(ctx.settings.retryAfter().getSeconds()));
        }
        return r;
    }

    private Order owned(AcmeRequest req, SignedRequest sr) {
        synchronized (ctx.store) {
            Order order = ctx.store.orders.get(req.id());
            if (order == null) {
                throw Problem.notFound("No order " + req.id());
            }
            if (!order.accountId.equals(sr.account().id)) {
                throw Problem.unauthorized("Account that authenticated the request does not own the order");
            }
            return order;
        }
    }

    AcmeResponse order(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        if (!sr.postAsGet()) {
            throw Problem.malformed("orders are fetched with POST-as-GET (empty payload)");
        }
        return orderResponse(200, owned(req, sr), req, ctx.now());
    }

    AcmeResponse finalizeOrder(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        Order order = owned(req, sr);
        Instant now = ctx.now();
        String state;
        synchronized (ctx.store) {
            state = order.status(now);
        }
        if (!"ready".equals(state)) {
            throw Problem.of("orderNotReady", 403, "Order's status (\"" + state + "\") is not ready").toException();
        }
        byte[] der;
        try {
            der = Base64.getUrlDecoder().decode(Json.string(sr.json(), "csr"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problem.malformed("finalize payload must have a base64url 'csr'");
        }
        Set<String> orderNames = new HashSet<>();
        order.identifiers.forEach(i -> orderNames.add(OrderIdentifiers.canonical(i)));
        PublicKey key = CsrCheck.check(der, orderNames);
        String keyThumb = Base64.getEncoder().encodeToString(key.getEncoded());
        synchronized (ctx.store) {
            for (Account a : ctx.store.accounts.values()) {
                if (Base64.getEncoder().encodeToString(a.key.getPublicKey().getEncoded()).equals(keyThumb)) {
                    throw Problem.badCsr("CSR contains a public key of a known account");
                }
            }
            if (!"ready".equals(order.status(now))) {
                throw Problem.of("orderNotReady", 403, "Order is no longer ready").toException();
            }
            order.processing = true;
        }
        Duration delay = ctx.settings.issuanceDelay();
        if (delay.isZero()) {
            issueAndLog(order, key);
        } else {
            scheduler.later(() -> issueAndLog(order, key), delay);
        }
        return orderResponse(200, order, req, ctx.now()).header("Location", req.base() + Paths.ORDER + order.id);
    }

    private void issueAndLog(Order order, PublicKey key) {
        IssuedCertificate cert;
        try {
            cert = issue(order, key, ctx.now());
        } catch (RuntimeException e) {
            synchronized (ctx.store) {
                order.processing = false;
                order.error = Problem.of("serverInternal", 500, "issuance failed");
            }
            throw e;
        }
        ctx.event(CaEvent.Type.CERTIFICATE_ISSUED, order.accountId, CaContext.values(order.identifiers),
                cert.serial.toString(16), order.profile);
    }

    private IssuedCertificate issue(Order order, PublicKey key, Instant now) {
        Duration validity = ctx.settings.profiles().get(order.profile);
        BigInteger serial;
        synchronized (ctx.store) {
            do {
                serial = new BigInteger(127, ctx.random).setBit(126);
            } while (ctx.store.certificatesBySerial.containsKey(serial));
        }
        X509Certificate leaf = ctx.pki.issue(key, order.identifiers, serial, now, now.plus(validity),
                "classic".equals(order.profile));
        String leafPem = Pem.of(leaf);
        List<String> chains = new ArrayList<>();
        for (X509Certificate intermediate : ctx.pki.intermediates()) {
            chains.add(leafPem + Pem.of(intermediate));
        }
        IssuedCertificate cert = new IssuedCertificate(ctx.newId(), serial, order.accountId, leaf, chains,
                order.identifiers, CertIds.of(ctx.pki.intermediateKeyId(), serial));
        synchronized (ctx.store) {
            ctx.store.certificates.put(cert.id, cert);
            ctx.store.certificatesBySerial.put(serial, cert);
            order.certificate = cert;
            order.processing = false;
        }
        ctx.limits.recordIssued(order.identifiers, now);
        return cert;
    }
}
