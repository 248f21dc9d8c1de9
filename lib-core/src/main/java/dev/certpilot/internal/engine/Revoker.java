package dev.certpilot.internal.engine;

import dev.certpilot.CaException;
import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.RevocationReason;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlan;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Revokes a certificate at the CA that issued it and records it {@code REVOKED}. A renewal in flight is cancelled
 * first, so that no new version replaces the certificate while it is being revoked; a revoked certificate is not
 * renewed automatically ({@code renew(id)} re-issues it).
 */
public final class Revoker {

    private static final int ATTEMPTS = 10;

    private final Engine engine;
    private final JobCancellation cancellation;

    /** A revoker cancelling jobs through {@code cancellation}. */
    public Revoker(Engine engine, JobCancellation cancellation) {
        this.engine = engine;
        this.cancellation = cancellation;
    }

    /**
     * Revokes the certificate with this id.
     *
     * @param jobCancelled told the id of a job in flight that was cancelled
     * @return the certificate as stored, {@code REVOKED}
     * @throws CertpilotException {@code CERTIFICATE_NOT_FOUND}; {@code ILLEGAL_STATE} unless {@code ISSUED} (an
     *                            already revoked certificate is returned as it is); {@code INVALID_REQUEST} when
     *                            its issuer is no longer configured; {@code CA_ERROR} when the CA refuses
     */
    public CertificateRecord revoke(String id, RevocationReason reason, Consumer<String> jobCancelled) {
        String revokedSerial = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CertificateRecord cert = Lookups.certificate(engine.store(), id);
            if (cert.state() == CertificateState.REVOKED) {
                return cert;
            }
            if (cert.state() != CertificateState.ISSUED || cert.chainPem().isEmpty()) {
                throw new CertpilotException(ErrorCode.ILLEGAL_STATE, "certificate " + id + " is " + cert.state()
                        + "; only an issued certificate can be revoked");
            }
            if (revokedSerial != null && !revokedSerial.equals(cert.serial().orElse(""))) {
                throw new CertpilotException(ErrorCode.ILLEGAL_STATE, "certificate " + id + " was renewed while"
                        + " serial " + revokedSerial + " was being revoked; the new version is not revoked");
            }
            Optional<JobRecord> job = cert.activeJobId().flatMap(engine.store()::findJob);
            if (job.isPresent() && !job.get().status().isFinished()) {
                if (cancellation.cancel(cert, job.get())) {
                    jobCancelled.accept(job.get().id());
                }
                continue;
            }
            if (revokedSerial == null) {
                revokeAtCa(cert, reason);
                revokedSerial = cert.serial().orElse("");
            }
            Optional<CertificateRecord> stored = record(cert, reason);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        throw new CertpilotException(ErrorCode.STORE_CONFLICT, "certificate " + id + " kept changing while it was"
                + " being revoked; try again");
    }

    private void revokeAtCa(CertificateRecord cert, RevocationReason reason) {
        String issuer = cert.issuer().orElseThrow();
        if (!engine.issuers().has(issuer)) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "certificate " + cert.id() + " was issued by '"
                    + issuer + "', which is no longer configured; it cannot be revoked through this manager");
        }
        X509Certificate leaf = Pem.parseCertificates(cert.chainPem().orElseThrow()).get(0);
        try {
            engine.issuers().session(issuer).revoke(leaf, reason.code());
        } catch (CaException e) {
            boolean already = e.problem().map(p -> p.shortType().equals("alreadyRevoked")).orElse(false);
            if (!already) {
                throw e;
            }
        }
    }

    private Optional<CertificateRecord> record(CertificateRecord cert, RevocationReason reason) {
        Instant now = engine.clock().instant();
        cert.state().checkMoveTo(CertificateState.REVOKED);
        CertificateRecord revoked = Wakeups.apply(cert.toBuilder().state(CertificateState.REVOKED)
                .attributes(Distributor.clear(RenewalPlan.clear(cert.attributes()))).updatedAt(now).build());
        HealthTracker.Tracked tracked = engine.health().track(revoked, now);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("serial", cert.serial().orElse(""));
        details.put("reason", reason.name());
        details.put("reasonCode", Integer.toString(reason.code()));
        details.put("issuer", cert.issuer().orElse(""));
        List<CertificateEvent> events = new ArrayList<>();
        events.add(CertificateEvent.of(cert.id(), EventType.CERT_REVOKED, now, details));
        tracked.event().ifPresent(events::add);
        try {
            Commit stored = engine.store().commit(Commit.builder().certificate(tracked.record()).events(events).build());
            engine.events().deliver(stored.events());
            engine.distributor().withdraw(stored.storedCertificate());
            return Optional.of(stored.storedCertificate());
        } catch (CertpilotException e) {
            if (e.code() == ErrorCode.STORE_CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
