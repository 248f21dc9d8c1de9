package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.RenewalWindow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Certificate download, revokeCert and renewalInfo (ARI). */
final class CertificateResource {
    /** Retry-After of renewalInfo answers, as Pebble: six hours. */
    static final long ARI_RETRY_AFTER_SECONDS = 6 * 3600;

    private final CaContext ctx;
    private final Authenticator auth;

    CertificateResource(CaContext ctx, Authenticator auth) {
        this.ctx = ctx;
        this.auth = auth;
    }

    AcmeResponse certificate(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.KID);
        if (!sr.postAsGet()) {
            throw Problem.malformed("certificates are fetched with POST-as-GET (empty payload)");
        }
        String[] parts = req.id().split("/");
        IssuedCertificate cert;
        synchronized (ctx.store) {
            cert = ctx.store.certificates.get(parts[0]);
        }
        int chain;
        try {
            chain = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            chain = -1;
        }
        if (cert == null || parts.length > 2 || chain < 0 || chain >= cert.chainsPem.size()) {
            throw Problem.notFound("No certificate " + req.id());
        }
        AcmeResponse r = AcmeResponse.text(200, "application/pem-certificate-chain", cert.chainsPem.get(chain));
        for (int i = 0; i < cert.chainsPem.size(); i++) {
            if (i != chain) {
                r.header("Link", "<" + req.base() + Paths.CERT + cert.id + (i == 0 ? "" : "/" + i)
                        + ">;rel=\"alternate\"");
            }
        }
        return r;
    }

    AcmeResponse revoke(AcmeRequest req) throws IOException {
        SignedRequest sr = auth.authenticate(req, Authenticator.KeyRef.EITHER);
        Map<String, Object> json = sr.json();
        Integer reason = null;
        Object rawReason = json.get("reason");
        if (rawReason != null) {
            if (!(rawReason instanceof Number n) || n.doubleValue() != n.longValue()) {
                throw Problem.malformed("reason must be an integer");
            }
            long r = n.longValue();
            if (r < 0 || r == 7 || r > 10) {
                throw Problem.of("badRevocationReason", 400, "Invalid revocation reason: " + r).toException();
            }
            reason = (int) r;
        }
        X509Certificate x509;
        try {
            byte[] der = Base64.getUrlDecoder().decode(Json.string(json, "certificate"));
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw Problem.malformed("'certificate' must be a base64url DER certificate");
        }
        Instant now = ctx.now();
        IssuedCertificate cert;
        synchronized (ctx.store) {
            cert = ctx.store.certificatesBySerial.get(x509.getSerialNumber());
            if (cert == null || !cert.leaf.equals(x509)) {
                throw Problem.notFound("Unable to find specified certificate");
            }
            if (cert.revoked) {
                throw Problem.of("alreadyRevoked", 400, "Certificate has already been revoked").toException();
            }
            if (sr.account() != null) {
                if (!cert.accountId.equals(sr.account().id) && !holdsAuthorizations(sr.account(), cert, now)) {
                    throw Problem.unauthorized("The certificate being revoked is not associated with this account");
                }
            } else if (!Arrays.equals(sr.jwk().getPublicKey().getEncoded(), x509.getPublicKey().getEncoded())) {
                throw Problem.unauthorized(
                        "JWK embedded in revocation request must be the public key of the certificate to revoke");
            }
            cert.revoked = true;
            cert.reason = reason;
            cert.revokedAt = now;
        }
        ctx.event(CaEvent.Type.CERTIFICATE_REVOKED, cert.accountId, CaContext.values(cert.identifiers),
                cert.serial.toString(16), reason == null ? "" : "reason " + reason);
        return AcmeResponse.empty(200);
    }

    private boolean holdsAuthorizations(Account account, IssuedCertificate cert, Instant now) {
        for (Identifier id : cert.identifiers) {
            boolean found = false;
            for (Authorization a : ctx.store.authorizations.values()) {
                if (a.accountId.equals(account.id) && a.identifier.equals(id.base()) && a.wildcard == id.wildcard()
                        && "valid".equals(a.status(now))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    AcmeResponse renewalInfo(AcmeRequest req) {
        BigInteger serial = CertIds.serial(req.id(), ctx.pki.intermediateKeyId());
        Instant now = ctx.now();
        String raw;
        RenewalWindow window;
        synchronized (ctx.store) {
            IssuedCertificate cert = ctx.store.certificatesBySerial.get(serial);
            if (cert == null) {
                throw Problem.notFound("no certificate with serial " + serial.toString(16));
            }
            raw = cert.rawRenewalInfo;
            window = window(cert, now);
        }
        AcmeResponse r;
        if (raw != null) {
            r = AcmeResponse.text(200, "application/json", raw);
        } else {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("start", window.start().toString());
            w.put("end", window.end().toString());
            r = AcmeResponse.json(200, Map.of("suggestedWindow", w));
        }
        return r.header("Retry-After", Long.toString(ARI_RETRY_AFTER_SECONDS));
    }

    /** The window served for a certificate: set explicitly, immediate when revoked, else around 2/3 of validity. */
    static RenewalWindow window(IssuedCertificate cert, Instant now) {
        if (cert.window != null) {
            return cert.window;
        }
        if (cert.revoked) {
            return new RenewalWindow(now.minus(Duration.ofHours(1)), now);
        }
        Instant nb = cert.leaf.getNotBefore().toInstant();
        Duration validity = Duration.between(nb, cert.leaf.getNotAfter().toInstant());
        Instant ideal = nb.plus(validity.multipliedBy(2).dividedBy(3));
        Duration half = validity.dividedBy(30);
        return new RenewalWindow(ideal.minus(half), ideal.plus(half));
    }
}
