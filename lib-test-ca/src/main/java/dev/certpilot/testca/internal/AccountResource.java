package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/** newAccount, account fetch/update/deactivate, the orders list and keyChange. */
final class AccountResource {
    private final CaContext ctx;
    private final Authenticator auth;

    AccountResource(CaContext ctx, Authenticator auth) {
        this.ctx = ctx;
        this.auth = auth;
    }

    AcmeResponse newAccount(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.JWK);
        Map<String, Object> json = sr.json();
        boolean onlyExisting;
        List<String> contacts;
        boolean tos;
        try {
            onlyExisting = Json.bool(json, "onlyReturnExisting");
            contacts = Json.strings(json.get("contact"), "contact");
            tos = Json.bool(json, "termsOfServiceAgreed");
        } catch (IllegalArgumentException e) {
            throw Problem.malformed(e.getMessage());
        }
        synchronized (ctx.store) {
            Account existing = ctx.store.accountsByThumbprint.get(sr.thumbprint());
            if (existing != null) {
                if (!"valid".equals(existing.status)) {
                    throw Problem.unauthorized("An account with the provided public key exists but is deactivated");
                }
                return AcmeResponse.json(200, Views.account(existing, req.base()))
                        .header("Location", req.base() + Paths.ACCOUNT + existing.id);
            }
        }
        if (onlyExisting) {
            throw Problem.of("accountDoesNotExist", 400, "no account exists with the provided key").toException();
        }
        if (!tos) {
            throw Problem.of("userActionRequired", 403, "Provided account did not agree to the terms of service")
                    .toException().header("Link", "<" + req.base() + Paths.TERMS + ">;rel=\"terms-of-service\"");
        }
        String eabKid = null;
        Object binding = json.get("externalAccountBinding");
        if (binding != null) {
            eabKid = Eab.verify(binding, sr, ctx.settings.eabKeys());
        } else if (ctx.settings.eabRequired()) {
            throw Problem.of("externalAccountRequired", 403, "this CA requires an externalAccountBinding")
                    .toException();
        }
        Contacts.check(contacts);
        Account account;
        synchronized (ctx.store) {
            Account raced = ctx.store.accountsByThumbprint.get(sr.thumbprint());
            if (raced != null) {
                return AcmeResponse.json(200, Views.account(raced, req.base()))
                        .header("Location", req.base() + Paths.ACCOUNT + raced.id);
            }
            account = new Account(ctx.newId(), sr.jwk(), sr.thumbprint(), contacts, eabKid, ctx.now());
            account.eabBinding = eabKid == null ? null : binding;
            ctx.store.accounts.put(account.id, account);
            ctx.store.accountsByThumbprint.put(account.thumbprint, account);
        }
        ctx.event(CaEvent.Type.ACCOUNT_CREATED, account.id, List.of(), null, eabKid == null ? "" : "eab " + eabKid);
        Map<String, Object> view;
        synchronized (ctx.store) {
            view = Views.account(account, req.base());
        }
        return AcmeResponse.json(201, view).header("Location", req.base() + Paths.ACCOUNT + account.id);
    }

    AcmeResponse account(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        Account account = sr.account();
        if (!account.id.equals(req.id())) {
            throw Problem.unauthorized("the account URL does not belong to the key that signed the request");
        }
        if (!sr.postAsGet()) {
            Map<String, Object> json = sr.json();
            Object status = json.get("status");
            List<String> contacts;
            try {
                contacts = json.containsKey("contact") ? Json.strings(json.get("contact"), "contact") : null;
            } catch (IllegalArgumentException e) {
                throw Problem.malformed(e.getMessage());
            }
            if (status != null && !"deactivated".equals(status)) {
                throw Problem.malformed("an account's status can only be changed to \"deactivated\"");
            }
            if (contacts != null) {
                Contacts.check(contacts);
            }
            synchronized (ctx.store) {
                if (contacts != null) {
                    account.contacts = List.copyOf(contacts);
                }
                if (status != null) {
                    account.status = "deactivated";
                }
            }
            if (contacts != null) {
                ctx.event(CaEvent.Type.ACCOUNT_UPDATED, account.id, List.of(), null, "contact");
            }
            if (status != null) {
                ctx.event(CaEvent.Type.ACCOUNT_DEACTIVATED, account.id, List.of(), null, "");
            }
        }
        synchronized (ctx.store) {
            return AcmeResponse.json(200, Views.account(account, req.base()));
        }
    }

    AcmeResponse orders(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        if (!sr.account().id.equals(req.id())) {
            throw Problem.unauthorized("the orders list belongs to another account");
        }
        synchronized (ctx.store) {
            List<String> urls = sr.account().orderIds.stream().map(id -> req.base() + Paths.ORDER + id).toList();
            return AcmeResponse.json(200, Map.of("orders", urls));
        }
    }

    AcmeResponse keyChange(AcmeRequest req) throws IOException {
        SignedRequest outer = auth.authenticate(req, Authenticator.KeyRef.KID);
        Account account = outer.account();
        Jws inner = Jws.parse(new String(outer.payload(), StandardCharsets.UTF_8));
        if (inner.kid() != null) {
            throw Problem.malformed("inner JWS must carry the new key as jwk, not a kid");
        }
        if (inner.nonce() != null) {
            throw Problem.malformed("inner JWS must not have a nonce");
        }
        PublicJsonWebKey newKey = inner.jwk();
        byte[] innerPayload;
        try {
            innerPayload = inner.verify(newKey.getPublicKey());
        } catch (ProblemException e) {
            Problem p = e.problem();
            throw new Problem(p.type(), "inner JWS error: " + p.detail(), p.status(), null, List.of()).toException();
        }
        if (inner.url() == null) {
            throw Problem.malformed("Inner JWS header parameter 'url' required");
        }
        if (!inner.url().equals(outer.url())) {
            throw Problem.malformed("JWS header parameter 'url' differs for inner and outer JWS");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(new String(innerPayload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("inner JWS payload is not a JSON object");
        }
        String accountUrl = req.base() + Paths.ACCOUNT + account.id;
        if (!accountUrl.equals(json.get("account"))) {
            throw Problem.malformed("inner JWS payload 'account' must be " + accountUrl);
        }
        String oldThumbprint;
        try {
            Object old = json.get("oldKey");
            if (!(old instanceof Map<?, ?>)) {
                throw Problem.malformed("inner JWS payload 'oldKey' must be a JWK");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> oldMap = (Map<String, Object>) old;
            oldThumbprint = Jws.thumbprint(JsonWebKey.Factory.newJwk(oldMap));
        } catch (org.jose4j.lang.JoseException e) {
            throw Problem.malformed("inner JWS payload 'oldKey' is not a valid JWK");
        }
        String newThumbprint = Jws.thumbprint(newKey);
        synchronized (ctx.store) {
            if (!oldThumbprint.equals(account.thumbprint)) {
                throw Problem.malformed("inner JWS payload 'oldKey' is not the account's current key");
            }
            if (newThumbprint.equals(account.thumbprint)) {
                throw Problem.malformed("New and old key are identical");
            }
            Account other = ctx.store.accountsByThumbprint.get(newThumbprint);
            if (other != null) {
                throw Problem.of("malformed", 409, "the new key is already in use by another account").toException()
                        .header("Location", req.base() + Paths.ACCOUNT + other.id);
            }
            ctx.store.accountsByThumbprint.remove(account.thumbprint);
            account.key = newKey;
            account.verifyKey = Crypto.toBc(newKey.getPublicKey());
            account.thumbprint = newThumbprint;
            ctx.store.accountsByThumbprint.put(newThumbprint, account);
        }
        ctx.event(CaEvent.Type.ACCOUNT_KEY_CHANGED, account.id, List.of(), null, "");
        synchronized (ctx.store) {
            return AcmeResponse.json(200, Views.account(account, req.base()));
        }
    }
}
