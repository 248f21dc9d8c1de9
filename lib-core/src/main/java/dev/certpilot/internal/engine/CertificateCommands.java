package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.internal.Checks;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlan;
import dev.certpilot.internal.lifecycle.RenewalPlanner;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The small changes a user makes to one certificate besides renewing, revoking and deleting it: the auto-renew
 * switch and a new delivery round. Each is a compare-and-set write, read again and retried when another writer
 * came first.
 */
public final class CertificateCommands {

    private static final int ATTEMPTS = 6;

    private final Engine engine;

    /** Commands on the engine's store. */
    public CertificateCommands(Engine engine) {
        this.engine = engine;
    }

    /**
     * Switches auto-renew. Off clears the plan; on plans the configured window (and asks the CA's renewal
     * information at the next check where ARI is on). Nothing changes when the switch already has that position.
     *
     * @return the certificate as stored
     * @throws CertpilotException {@code CERTIFICATE_NOT_FOUND}, {@code STORE_ERROR}
     */
    public CertificateRecord setAutoRenew(String id, boolean autoRenew) {
        for (int attempt = 0; ; attempt++) {
            CertificateRecord cert = Lookups.certificate(engine.store(), id);
            if (cert.autoRenew() == autoRenew) {
                return cert;
            }
            Instant now = engine.clock().instant();
            List<CertificateEvent> events = new ArrayList<>();
            events.add(CertificateEvent.of(id, EventType.AUTO_RENEW_CHANGED, now,
                    Map.of("autoRenew", Boolean.toString(autoRenew))));
            Map<String, String> attributes = RenewalPlan.clear(cert.attributes());
            if (autoRenew && cert.state() == CertificateState.ISSUED && cert.notBefore().isPresent()
                    && cert.notAfter().isPresent()) {
                RenewalPlanner planner = engine.planner();
                RenewalPlan plan = planner.window(cert.notBefore().get(), cert.notAfter().get(),
                        planner.settings().ari() ? Optional.of(now) : Optional.empty());
                attributes = plan.writeTo(attributes);
                events.add(CertificateEvent.of(id, EventType.RENEWAL_SCHEDULED, now,
                        plan.details("auto-renew switched on")));
            }
            // the switch moves the warning point of the certificate's health (see HealthStatus)
            HealthTracker.Tracked tracked = engine.health().track(cert.toBuilder().autoRenew(autoRenew)
                    .attributes(attributes).updatedAt(now).build(), now);
            tracked.event().ifPresent(events::add);
            Optional<CertificateRecord> stored = write(tracked.record(), events, attempt);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
    }

    /**
     * Marks every target of the current version pending again, claimed by this instance, and starts a round.
     *
     * @throws CertpilotException {@code CERTIFICATE_NOT_FOUND}; {@code ILLEGAL_STATE} unless issued;
     *                            {@code INVALID_REQUEST} without targets; {@code STORE_ERROR}
     */
    public void redistribute(String id) {
        for (int attempt = 0; ; attempt++) {
            CertificateRecord cert = Lookups.certificate(engine.store(), id);
            if (cert.state() != CertificateState.ISSUED) {
                throw new CertpilotException(ErrorCode.ILLEGAL_STATE, "certificate " + id + " is " + cert.state()
                        + "; only an issued certificate is distributed");
            }
            if (cert.targets().isEmpty()) {
                throw Checks.invalid("certificate " + id + " names no distribution targets");
            }
            Instant now = engine.clock().instant();
            CertificateRecord next = Wakeups.apply(cert.toBuilder().attributes(Distributor.pendingFor(
                    cert.attributes(), cert.targets(), cert.version(), now)).updatedAt(now).build());
            if (write(next, List.of(), attempt).isPresent()) {
                engine.distributor().deliverAsync(id);
                return;
            }
        }
    }

    /** Writes; empty after a lost compare-and-set (to read again), an exception after too many. */
    private Optional<CertificateRecord> write(CertificateRecord cert, List<CertificateEvent> events, int attempt) {
        try {
            Commit stored = engine.store().commit(Commit.builder().certificate(cert).events(events).build());
            engine.events().deliver(stored.events());
            return Optional.of(stored.storedCertificate());
        } catch (CertpilotException e) {
            if (e.code() != ErrorCode.STORE_CONFLICT || attempt >= ATTEMPTS) {
                throw e;
            }
            return Optional.empty();
        }
    }
}
