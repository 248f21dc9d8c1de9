package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.RevocationReason;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.JobRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deletes a certificate: its record, key material and jobs go, its timeline stays with a {@code cert.deleted}
 * tombstone. A job in flight is cancelled cleanly first (see {@link JobCancellation}): its records removed, its
 * execution stopped.
 */
public final class Deleter {

    private static final int ATTEMPTS = 10;

    private final Engine engine;
    private final Revoker revoker;
    private final JobCancellation cancellation;

    /** A deleter revoking through {@code revoker} and cancelling through {@code cancellation}. */
    public Deleter(Engine engine, Revoker revoker, JobCancellation cancellation) {
        this.engine = engine;
        this.revoker = revoker;
        this.cancellation = cancellation;
    }

    /**
     * Deletes the certificate with this id.
     *
     * @param revokeFirst  revoke an issued certificate first (reason {@code cessationOfOperation}); if revocation
     *                     fails nothing is deleted
     * @param jobCancelled told the id of a job in flight that was cancelled
     * @throws CertpilotException {@code CERTIFICATE_NOT_FOUND}; the codes of {@link Revoker#revoke} when revoking
     */
    public void delete(String id, boolean revokeFirst, Consumer<String> jobCancelled) {
        CertificateRecord cert = Lookups.certificate(engine.store(), id);
        boolean revoked = false;
        if (revokeFirst && cert.state() == CertificateState.ISSUED) {
            revoker.revoke(id, RevocationReason.CESSATION_OF_OPERATION, jobCancelled);
            revoked = true;
        }
        String cancelledJob = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            cert = Lookups.certificate(engine.store(), id);
            Optional<JobRecord> job = cert.activeJobId().flatMap(engine.store()::findJob)
                    .filter(j -> !j.status().isFinished());
            if (job.isPresent()) {
                if (cancellation.cancel(cert, job.get())) {
                    cancelledJob = job.get().id();
                    jobCancelled.accept(cancelledJob);
                }
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("names", String.join(" ", cert.names()));
            details.put("state", cert.state().name());
            details.put("version", Integer.toString(cert.version()));
            details.put("serial", cert.serial().orElse(""));
            details.put("revoked", Boolean.toString(revoked || cert.state() == CertificateState.REVOKED));
            if (cancelledJob != null) {
                details.put("cancelledJob", cancelledJob);
            }
            CertificateEvent tombstone = CertificateEvent.of(id, EventType.CERT_DELETED, engine.clock().instant(),
                    details);
            try {
                engine.store().deleteCertificate(id, cert.revision(), List.of(tombstone));
            } catch (CertpilotException e) {
                if (e.code() == ErrorCode.STORE_CONFLICT) {
                    continue;
                }
                throw e;
            }
            List<CertificateEvent> timeline = engine.store().timeline(id);
            engine.events().deliver(timeline.isEmpty() ? List.of(tombstone)
                    : timeline.subList(timeline.size() - 1, timeline.size()));
            engine.distributor().withdraw(cert);
            return;
        }
        throw new CertpilotException(ErrorCode.STORE_CONFLICT, "certificate " + id + " kept changing while it was"
                + " being deleted; try again");
    }
}
