package dev.certpilot.testca.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Verifies a signed ACME POST as RFC 8555 section 6 and Pebble do: Content-Type, body size, flattened JWS,
 * algorithm, exactly one of {@code jwk}/{@code kid}, known account, signature, {@code url}, nonce. Nothing is stored
 * when a check fails; the nonce is redeemed only after the signature verified.
 */
final class Authenticator {
    /** Which key reference an endpoint takes. */
    enum KeyRef {
        /** newAccount: an embedded {@code jwk}. */
        JWK,
        /** Everything else except revokeCert: a {@code kid}. */
        KID,
        /** revokeCert: either. */
        EITHER
    }

    private final CaContext ctx;

    Authenticator(CaContext ctx) {
        this.ctx = ctx;
    }

    SignedRequest authenticate(AcmeRequest req, KeyRef ref) throws IOException {
        String contentType = req.exchange().getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.trim().equalsIgnoreCase("application/jose+json")) {
            throw Problem.of("malformed", 415, "Content-Type must be \"application/jose+json\"").toException();
        }
        byte[] body;
        try {
            body = HttpIo.readBody(req.exchange(), ctx.settings.maxBodyBytes());
        } catch (HttpIo.TooLargeException e) {
            throw Problem.of("malformed", 413, e.getMessage()).toException();
        }
        Jws jws = Jws.parse(new String(body, StandardCharsets.UTF_8));
        jws.requireAccountAlgorithm();
        String kid = jws.kid();
        if (kid != null && jws.hasJwk()) {
            throw Problem.malformed("jwk and kid header fields are mutually exclusive");
        }
        if (kid == null && !jws.hasJwk()) {
            throw Problem.malformed("JWS header has neither jwk nor kid");
        }
        Account account = null;
        PublicJsonWebKey key;
        java.security.PublicKey verifyKey;
        if (jws.hasJwk()) {
            if (ref == KeyRef.KID) {
                throw Problem.malformed("this endpoint requires a kid (account URL) in the JWS header, not a jwk");
            }
            key = jws.jwk();
            verifyKey = key.getPublicKey();
        } else {
            if (ref == KeyRef.JWK) {
                throw Problem.malformed("newAccount requires a jwk in the JWS header, not a kid");
            }
            String prefix = req.base() + Paths.ACCOUNT;
            if (!kid.startsWith(prefix) || kid.length() == prefix.length()) {
                throw Problem.malformed("Key ID (kid) in JWS header missing expected URL prefix " + prefix);
            }
            synchronized (ctx.store) {
                account = ctx.store.accounts.get(kid.substring(prefix.length()));
                if (account == null) {
                    throw Problem.of("accountDoesNotExist", 400, "Account " + kid + " not found").toException();
                }
                key = account.key;
                verifyKey = account.verifyKey;
            }
        }
        byte[] payload = jws.verify(verifyKey);
        String url = jws.url();
        if (url == null || url.isEmpty()) {
            throw Problem.malformed("JWS header parameter 'url' required");
        }
        String nonce = jws.nonce();
        if (nonce == null || nonce.isEmpty()) {
            throw Problem.of("badNonce", 400, "JWS has no anti-replay nonce").toException();
        }
        boolean redeemed = ctx.nonces.redeem(nonce);
        if (!redeemed || ctx.roll(ctx.settings.nonceRejectPercent())) {
            throw Problem.of("badNonce", 400, "JWS has an invalid anti-replay nonce: " + nonce).toException();
        }
        if (!url.equals(req.url())) {
            throw Problem.unauthorized("JWS header parameter 'url' incorrect: expected " + req.url() + ", got " + url);
        }
        String thumbprint;
        if (account != null) {
            synchronized (ctx.store) {
                if (!"valid".equals(account.status)) {
                    throw Problem.unauthorized("Account has been deactivated");
                }
                thumbprint = account.thumbprint;
            }
        } else {
            thumbprint = Jws.thumbprint(key);
        }
        return new SignedRequest(url, payload, key, thumbprint, account);
    }
}
