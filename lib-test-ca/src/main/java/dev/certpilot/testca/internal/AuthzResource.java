package dev.certpilot.testca.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** Authorization fetch/deactivation and challenge fetch/trigger. */
final class AuthzResource {
    private final CaContext ctx;
    private final Authenticator auth;
    private final ValidationRunner runner;

    AuthzResource(CaContext ctx, Authenticator auth, ValidationRunner runner) {
        this.ctx = ctx;
        this.auth = auth;
        this.runner = runner;
    }

    AcmeResponse authorization(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        Instant now = ctx.now();
        Map<String, Object> json = sr.postAsGet() ? null : sr.json();
        synchronized (ctx.store) {
            Authorization a = ctx.store.authorizations.get(req.id());
            if (a == null) {
                throw Problem.notFound("No authorization " + req.id());
            }
            if (!a.accountId.equals(sr.account().id)) {
                throw Problem.unauthorized("Account does not own this authorization");
            }
            if (json != null) {
                if (!"deactivated".equals(json.get("status"))) {
                    throw Problem.malformed("an authorization can only be updated to status \"deactivated\"");
                }
                String s = a.status(now);
                if (!"pending".equals(s) && !"valid".equals(s)) {
                    throw Problem.malformed("only pending or valid authorizations can be deactivated");
                }
                a.status = "deactivated";
            }
            AcmeResponse r = AcmeResponse.json(200, Views.authorization(a, req.base(), now));
            if ("pending".equals(a.status(now))) {
                r.header("Retry-After", Long.toString(ctx.settings.retryAfter().getSeconds()));
            }
            return r;
        }
    }

    AcmeResponse challenge(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        Instant now = ctx.now();
        Challenge c;
        boolean start = false;
        if (!sr.postAsGet()) {
            sr.json();
        }
        synchronized (ctx.store) {
            c = ctx.store.challenges.get(req.id());
            if (c == null) {
                throw Problem.notFound("No challenge " + req.id());
            }
            if (!c.authz.accountId.equals(sr.account().id)) {
                throw Problem.unauthorized("Account does not own this challenge");
            }
            if (!sr.postAsGet()) {
                String authzStatus = c.authz.status(now);
                if ("expired".equals(authzStatus)) {
                    throw Problem.malformed("the authorization of this challenge has expired");
                }
                if ("pending".equals(c.status) && "pending".equals(authzStatus)) {
                    boolean otherStarted = c.authz.challenges.stream().anyMatch(o -> o != c
                            && !"pending".equals(o.status));
                    if (!otherStarted) {
                        c.status = "processing";
                        start = true;
                    }
                }
            }
        }
        if (start) {
            runner.start(c, sr.thumbprint());
        }
        synchronized (ctx.store) {
            AcmeResponse r = AcmeResponse.json(200, Views.challenge(c, req.base()))
                    .header("Link", "<" + req.base() + Paths.AUTHZ + c.authz.id + ">;rel=\"up\"");
            if ("processing".equals(c.status)) {
                r.header("Retry-After", Long.toString(ctx.settings.retryAfter().getSeconds()));
            }
            return r;
        }
    }
}
