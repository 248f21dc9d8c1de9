package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.internal.Ids;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlan;
import dev.certpilot.internal.lifecycle.RenewalPlanner;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobKind;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic look at every issued certificate, driven by the manager's clock and scheduler (never sleeps). Each
 * tick, every {@link dev.certpilot.RenewalSettings#checkInterval()}:
 * <ol>
 *   <li>marks certificates past their {@code notAfter} {@code EXPIRED} ({@code cert.expired});</li>
 *   <li>reads the certificates whose {@code nextRenewalAt} has come (see {@link Wakeups}: one indexed criterion)
 *       and, for each, announces a changed health class ({@code cert.health_changed}), retries pending deliveries,
 *       starts the renewal ({@code renewal.started}, reason
 *       {@code due}, {@code ari} or {@code retry}), or asks the CA's renewal information again (in the background,
 *       at most 16 requests at a time, so that a slow CA never slows the tick).</li>
 * </ol>
 * Both queries select by an instant the store indexes, so a tick reads only certificates with work due, not all.
 * Every write is a compare-and-set on the certificate's revision, and a renewal starts through
 * {@link JobStarter}: several threads or instances sharing a store may tick at once, and each certificate is still
 * renewed exactly once. A write that loses is skipped; the next tick looks again.
 */
public final class RenewalScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalScheduler.class);
    private static final int PAGE = PageRequest.MAX_SIZE;
    /** At most this many renewal-information requests in flight; the rest wait for a later tick. */
    private static final int ARI_IN_FLIGHT = 16;

    private final Engine engine;
    private final JobStarter starter;
    private final Duration interval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Future<?>> next = new AtomicReference<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    /** A scheduler that starts renewals through {@code starter}. */
    public RenewalScheduler(Engine engine, JobStarter starter) {
        this.engine = engine;
        this.starter = starter;
        this.interval = engine.planner().settings().checkInterval();
    }

    /** Starts ticking: the first tick at once, then every check interval. Idempotent. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            next.set(engine.scheduler().schedule(Duration.ZERO, this::periodic));
        }
    }

    private void periodic() {
        if (closed.get()) {
            return;
        }
        try {
            tick();
        } finally {
            if (!closed.get()) {
                next.set(engine.scheduler().schedule(interval, this::periodic));
            }
        }
    }

    /** One pass over due work, at the clock's current time. Safe to call from several threads and instances. */
    public void tick() {
        Instant now = engine.clock().instant();
        step("marking expired certificates", () -> markExpired(now));
        step("processing due certificates", () -> processDue(now));
    }

    @Override
    public void close() {
        closed.set(true);
        Future<?> f = next.getAndSet(null);
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---- expiry ------------------------------------------------------------------------------------------------

    private void markExpired(Instant now) {
        forEach(CertificateFilter.builder().states(CertificateState.ISSUED).notAfterBefore(now).build(), r -> {
            CertificateRecord expired = r.toBuilder().state(CertificateState.EXPIRED)
                    .attributes(Distributor.clear(RenewalPlan.clear(r.attributes()))).updatedAt(now).build();
            r.state().checkMoveTo(CertificateState.EXPIRED);
            HealthTracker.Tracked tracked = engine.health().track(expired, now);
            List<CertificateEvent> events = new ArrayList<>();
            events.add(CertificateEvent.of(r.id(), EventType.CERT_EXPIRED, now, Map.of(
                    "serial", r.serial().orElse(""), "notAfter", r.notAfter().orElseThrow().toString())));
            tracked.event().ifPresent(events::add);
            tryCommit(tracked.record(), events);
        });
    }

    // ---- renewals, ARI, deliveries ------------------------------------------------------------------------------

    private void processDue(Instant now) {
        forEach(CertificateFilter.builder().states(CertificateState.ISSUED).renewalDueBy(now).build(), r -> {
            CertificateRecord current = r;
            if (HealthTracker.due(current, now)) {
                HealthTracker.Tracked tracked = engine.health().track(current, now);
                Optional<CertificateRecord> stored = tryCommit(tracked.record().toBuilder().updatedAt(now).build(),
                        tracked.event().map(List::of).orElse(List.of()));
                if (stored.isEmpty()) {
                    return;
                }
                current = stored.get();
            }
            if (Distributor.due(current, now)) {
                Optional<CertificateRecord> claimed = engine.distributor().claimAndDeliver(current, now);
                if (claimed.isEmpty()) {
                    return;
                }
                current = claimed.get();
            }
            if (!current.autoRenew() || current.activeJobId().isPresent()) {
                return;
            }
            Optional<RenewalPlan> plan = RenewalPlan.of(current.attributes());
            if (plan.isEmpty()) {
                planWithoutPlan(current, now);
                return;
            }
            if (!plan.get().at().isAfter(now)) {
                startRenewal(current, reason(plan.get()), c -> c, List.of());
            } else if (plan.get().ariPollAt().filter(t -> !t.isAfter(now)).isPresent()) {
                refreshInBackground(current.id());
            }
        });
    }

    /**
     * A certificate with auto-renew but no plan (stored before plans existed): gets the configured window, and
     * the CA's renewal information is asked at the next check.
     */
    private void planWithoutPlan(CertificateRecord cert, Instant now) {
        if (cert.notBefore().isEmpty() || cert.notAfter().isEmpty()) {
            return;
        }
        RenewalPlanner planner = engine.planner();
        RenewalPlan plan = planner.window(cert.notBefore().get(), cert.notAfter().get(),
                planner.settings().ari() ? Optional.of(now) : Optional.empty());
        HealthTracker.Tracked tracked = engine.health().track(cert.toBuilder()
                .attributes(plan.writeTo(cert.attributes())).updatedAt(now).build(), now);
        List<CertificateEvent> events = new ArrayList<>();
        events.add(CertificateEvent.of(cert.id(), EventType.RENEWAL_SCHEDULED, now,
                plan.details("configured window (the certificate had no renewal plan)")));
        tracked.event().ifPresent(events::add);
        tryCommit(tracked.record(), events);
    }

    private void refreshInBackground(String id) {
        if (refreshing.size() >= ARI_IN_FLIGHT || !refreshing.add(id)) {
            return;
        }
        try {
            engine.fanOut().execute(() -> {
                try {
                    // read again: the certificate may have changed since the tick listed it
                    engine.store().findCertificate(id).ifPresent(cert -> {
                        Instant now = engine.clock().instant();
                        Optional<RenewalPlan> plan = RenewalPlan.of(cert.attributes());
                        if (cert.state() == CertificateState.ISSUED && cert.autoRenew()
                                && cert.activeJobId().isEmpty() && plan.isPresent()
                                && plan.get().ariPollAt().filter(t -> !t.isAfter(now)).isPresent()) {
                            refreshRenewalInfo(cert, plan.get(), now);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warn("Asking the renewal information of certificate {} failed; trying again next tick", id, e);
                } finally {
                    refreshing.remove(id);
                }
            });
        } catch (RuntimeException e) {
            refreshing.remove(id);
            throw e;
        }
    }

    private void refreshRenewalInfo(CertificateRecord cert, RenewalPlan plan, Instant now) {
        RenewalPlanner.Planned planned;
        try {
            X509Certificate leaf = Pem.parseCertificates(cert.chainPem().orElseThrow()).get(0);
            planned = engine.planner().refresh(engine.issuers().session(cert.issuer().orElseThrow()), leaf, plan, now);
        } catch (RuntimeException e) {
            LOG.warn("Cannot ask for the renewal information of certificate {} ({}); keeping its plan", cert.id(),
                    e.toString());
            planned = new RenewalPlanner.Planned(plan.withAriPollAt(now.plus(Duration.ofHours(1))),
                    "renewal information unavailable", false);
        }
        RenewalPlan fresh = planned.plan();
        // the window's end moves the warning point of the certificate's health
        UnaryOperator<CertificateRecord> withPlan = c -> c.toBuilder().attributes(fresh.writeTo(c.attributes()))
                .updatedAt(now).build();
        UnaryOperator<CertificateRecord> change = c -> engine.health().track(withPlan.apply(c), now).record();
        List<CertificateEvent> events = new ArrayList<>();
        if (planned.changed()) {
            events.add(CertificateEvent.of(cert.id(), EventType.RENEWAL_SCHEDULED, now,
                    fresh.details(planned.reason())));
        }
        engine.health().track(withPlan.apply(cert), now).event().ifPresent(events::add);
        if (!fresh.at().isAfter(now)) {
            startRenewal(cert, reason(fresh), change, events);
        } else {
            tryCommit(change.apply(cert), events);
        }
    }

    private void startRenewal(CertificateRecord cert, String reason, UnaryOperator<CertificateRecord> change,
                              List<CertificateEvent> before) {
        Instant now = engine.clock().instant();
        String jobId = Ids.next(engine.clock());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("job", jobId);
        details.put("serial", cert.serial().orElse(""));
        cert.notAfter().ifPresent(t -> details.put("notAfter", t.toString()));
        List<CertificateEvent> events = new ArrayList<>(before);
        events.add(CertificateEvent.of(cert.id(), EventType.RENEWAL_STARTED, now, details));
        try {
            starter.start(jobId, cert, JobKind.RENEW, c -> Wakeups.apply(change.apply(c)), events);
            LOG.info("Renewing certificate {} ({}), job {}", cert.id(), reason, jobId);
        } catch (CertpilotException e) {
            if (e.code() != ErrorCode.STORE_CONFLICT) {
                throw e;
            }
            LOG.debug("Certificate {} changed meanwhile (another instance or thread); looking again next tick",
                    cert.id());
        }
    }

    private static String reason(RenewalPlan plan) {
        return switch (plan.source()) {
            case ARI -> "ari";
            case RETRY -> "retry";
            case WINDOW -> "due";
        };
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void forEach(CertificateFilter filter, Consumer<CertificateRecord> action) {
        PageRequest page = PageRequest.first(PAGE);
        while (true) {
            Page<CertificateRecord> p = engine.store().listCertificates(filter, page);
            for (CertificateRecord r : p.items()) {
                try {
                    action.accept(r);
                } catch (RuntimeException e) {
                    LOG.warn("Scheduling work for certificate {} failed; trying again next tick", r.id(), e);
                }
            }
            Optional<PageRequest> following = p.next(PAGE);
            if (following.isEmpty()) {
                return;
            }
            page = following.get();
        }
    }

    /** Writes the certificate (compare-and-set); empty when another writer came first. */
    private Optional<CertificateRecord> tryCommit(CertificateRecord cert, List<CertificateEvent> events) {
        try {
            Commit stored = engine.store().commit(Commit.builder().certificate(cert).events(events).build());
            engine.events().deliver(stored.events());
            return Optional.of(stored.storedCertificate());
        } catch (CertpilotException e) {
            if (e.code() != ErrorCode.STORE_CONFLICT) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static void step(String what, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            LOG.warn("Renewal scheduler: {} failed; trying again next tick", what, e);
        }
    }
}
