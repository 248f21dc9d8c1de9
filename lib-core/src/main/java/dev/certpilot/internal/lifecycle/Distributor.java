package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.KeyProtection;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every issued version of a certificate to its distribution targets, in parallel, and keeps what is left
 * to deliver durably in the certificate's attributes, so that nothing is lost across crashes:
 * <ul>
 *   <li>The commit that stores a new version also marks all its targets pending and claims them for this instance
 *       for {@link #CLAIM} ({@link #pendingFor}); the delivery round starts right after the commit.</li>
 *   <li>A round delivers to the pending targets in parallel and records one {@code cert.distributed} or
 *       {@code cert.distribution_failed} per target; succeeded targets leave the pending list, failed ones are
 *       retried after {@link #RETRY_INITIAL}, doubling up to {@link #RETRY_MAX}, until they succeed or a newer
 *       version replaces the one pending.</li>
 *   <li>A claim not settled in time (the instance died) expires; then any instance's scheduler claims the pending
 *       targets by compare-and-set ({@link #claimAndDeliver}) and delivers them again.</li>
 * </ul>
 * Targets are idempotent by contract, so a round repeated after a crash is harmless.
 */
public final class Distributor {

    private static final Logger LOG = LoggerFactory.getLogger(Distributor.class);

    /** How long an instance holds pending deliveries it is working on. */
    public static final Duration CLAIM = Duration.ofMinutes(5);
    /** The wait after the first failed round; doubles per failed round. */
    public static final Duration RETRY_INITIAL = Duration.ofMinutes(1);
    /** The longest wait between rounds. */
    public static final Duration RETRY_MAX = Duration.ofHours(1);
    private static final int MAX_DETAIL = 2000;

    private final CertificateStore store;
    private final KeyProtection keyProtection;
    private final Clock clock;
    private final Map<String, DistributionTarget> targets;
    private final boolean dryRun;
    private final Executor executor;
    private final Consumer<List<CertificateEvent>> events;
    /** Certificates with a round running on this instance, and whether another round was asked for meanwhile. */
    private final Map<String, Boolean> rounds = new HashMap<>();
    /** Callbacks waiting for the next round of a certificate to be over; guarded by {@link #rounds}. */
    private final Map<String, List<Runnable>> waiting = new HashMap<>();

    /**
     * Creates a distributor.
     *
     * @param targets  the configured targets by name
     * @param dryRun   whether every delivery is a dry run
     * @param executor runs rounds and the parallel calls of a round (may block on target I/O)
     * @param events   hands stored events to the listeners
     */
    public Distributor(CertificateStore store, KeyProtection keyProtection, Clock clock,
                       Map<String, DistributionTarget> targets, boolean dryRun, Executor executor,
                       Consumer<List<CertificateEvent>> events) {
        this.store = store;
        this.keyProtection = keyProtection;
        this.clock = clock;
        this.targets = Map.copyOf(targets);
        this.dryRun = dryRun;
        this.executor = executor;
        this.events = events;
    }

    /** Whether a target has this name. */
    public boolean has(String name) {
        return targets.containsKey(name);
    }

    /** The configured target names. */
    public Set<String> names() {
        return targets.keySet();
    }

    /**
     * Attributes for a version about to be stored: all {@code targetNames} pending, claimed by the caller (who
     * calls {@link #deliverAsync} once the version is stored). Without targets, any pending deliveries are dropped.
     */
    public static Map<String, String> pendingFor(Map<String, String> attributes, List<String> targetNames,
                                                 int version, Instant now) {
        Map<String, String> out = clear(attributes);
        if (!targetNames.isEmpty()) {
            Attributes.put(out, Attributes.DISTRIBUTION_PENDING, targetNames);
            out.put(Attributes.DISTRIBUTION_VERSION, Integer.toString(version));
            out.put(Attributes.DISTRIBUTION_ATTEMPT, "0");
            Attributes.put(out, Attributes.DISTRIBUTION_RETRY_AT, now.plus(CLAIM));
        }
        return out;
    }

    /** A copy of the attributes without pending deliveries. */
    public static Map<String, String> clear(Map<String, String> attributes) {
        return Attributes.without(attributes, Attributes.DISTRIBUTION_PENDING, Attributes.DISTRIBUTION_VERSION,
                Attributes.DISTRIBUTION_ATTEMPT, Attributes.DISTRIBUTION_RETRY_AT);
    }

    /**
     * Starts a round for the certificate's pending targets on the executor; the caller holds the claim. While a
     * round of the certificate runs on this instance, another one follows it instead.
     */
    public void deliverAsync(String certificateId) {
        deliverAsync(certificateId, null);
    }

    /**
     * {@link #deliverAsync(String)}, then runs {@code afterRound} once a round that started after this call is over
     * (successful or not): the issuance job completes its caller's future there, so a certificate handed back is
     * also delivered (or its failed targets recorded and scheduled for retry).
     */
    public void deliverAsync(String certificateId, Runnable afterRound) {
        synchronized (rounds) {
            if (afterRound != null) {
                waiting.computeIfAbsent(certificateId, k -> new ArrayList<>()).add(afterRound);
            }
            if (rounds.containsKey(certificateId)) {
                rounds.put(certificateId, Boolean.TRUE);
                return;
            }
            rounds.put(certificateId, Boolean.FALSE);
        }
        try {
            executor.execute(() -> runRounds(certificateId));
        } catch (RuntimeException e) {
            List<Runnable> stranded;
            synchronized (rounds) {
                rounds.remove(certificateId);
                stranded = waiting.remove(certificateId);
            }
            LOG.warn("Could not start delivering certificate {}; it is retried after its claim expires",
                    certificateId, e);
            runAll(stranded);
        }
    }

    private static void runAll(List<Runnable> callbacks) {
        if (callbacks == null) {
            return;
        }
        for (Runnable r : callbacks) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("A callback after a delivery round failed", e);
            }
        }
    }

    private void runRounds(String certificateId) {
        while (true) {
            List<Runnable> afterThisRound;
            synchronized (rounds) {
                afterThisRound = waiting.remove(certificateId);
            }
            List<CertificateEvent> stored = List.of();
            try {
                stored = deliver(certificateId);
            } catch (RuntimeException e) {
                LOG.warn("Delivering certificate {} failed; it is retried after its claim expires", certificateId, e);
            }
            boolean again;
            synchronized (rounds) {
                again = rounds.get(certificateId);
                if (again) {
                    rounds.put(certificateId, Boolean.FALSE);
                } else {
                    rounds.remove(certificateId);
                }
            }
            // listeners hear of a round once it is over here, so that what they trigger is not mistaken for it
            events.accept(stored);
            runAll(afterThisRound);
            if (!again) {
                return;
            }
        }
    }

    /**
     * Claims the due pending deliveries of {@code cert} for this instance (compare-and-set on its revision, so one
     * instance wins) and starts a round.
     *
     * @return the certificate as stored after the claim, or empty when another writer came first
     */
    public Optional<CertificateRecord> claimAndDeliver(CertificateRecord cert, Instant now) {
        synchronized (rounds) {
            if (rounds.containsKey(cert.id())) {
                return Optional.of(cert);
            }
        }
        Map<String, String> attributes = Attributes.copy(cert.attributes());
        Attributes.put(attributes, Attributes.DISTRIBUTION_RETRY_AT, now.plus(CLAIM));
        CertificateRecord claimed = Wakeups.apply(cert.toBuilder().attributes(attributes).build());
        try {
            CertificateRecord stored = store.commit(Commit.builder().certificate(claimed).build()).storedCertificate();
            deliverAsync(cert.id());
            return Optional.of(stored);
        } catch (CertpilotException e) {
            if (e.code() == ErrorCode.STORE_CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Tells every target of a revoked or deleted certificate to stop serving it; failures are only logged. */
    public void withdraw(CertificateRecord cert) {
        for (String name : cert.targets()) {
            DistributionTarget target = targets.get(name);
            if (target == null) {
                continue;
            }
            try {
                target.withdraw(cert.id());
            } catch (RuntimeException e) {
                LOG.warn("Target {} failed to withdraw certificate {}", name, cert.id(), e);
            }
        }
    }

    /** Whether the certificate has deliveries pending whose retry (or claim) time has come. */
    public static boolean due(CertificateRecord cert, Instant now) {
        return !Attributes.list(cert.attributes(), Attributes.DISTRIBUTION_PENDING).isEmpty()
                && !Attributes.instant(cert.attributes(), Attributes.DISTRIBUTION_RETRY_AT).orElse(Instant.EPOCH)
                        .isAfter(now);
    }

    /** The targets still pending for the certificate's current version. */
    public static List<String> pending(CertificateRecord cert) {
        return Attributes.list(cert.attributes(), Attributes.DISTRIBUTION_PENDING);
    }

    /** One round; returns the events it stored. */
    private List<CertificateEvent> deliver(String certificateId) {
        Optional<CertificateRecord> found = store.findCertificate(certificateId);
        if (found.isEmpty() || found.get().state() != CertificateState.ISSUED || pending(found.get()).isEmpty()) {
            return List.of();
        }
        CertificateRecord cert = found.get();
        List<String> names = pending(cert);
        List<CompletableFuture<Result>> calls = new ArrayList<>();
        Delivery delivery;
        try {
            delivery = delivery(cert);
        } catch (RuntimeException e) {
            String error = errorText(e);
            List<Result> failed = names.stream().map(n -> new Result(n, false, 0, List.of(), error)).toList();
            return record(cert, failed);
        }
        for (String name : names) {
            calls.add(CompletableFuture.supplyAsync(() -> deliverTo(name, delivery), executor));
        }
        List<Result> results = calls.stream().map(CompletableFuture::join).toList();
        return record(cert, results);
    }

    private Delivery delivery(CertificateRecord cert) {
        Optional<PrivateKey> key = cert.key().map(k -> keyProtection.unprotect(k, cert.id()));
        return new Delivery(cert.id(), cert.version(), cert.names(),
                Pem.parseCertificates(cert.chainPem().orElseThrow()), key, dryRun);
    }

    private Result deliverTo(String name, Delivery delivery) {
        DistributionTarget target = targets.get(name);
        if (target == null) {
            return new Result(name, false, 0, List.of(), "no distribution target named '" + name
                    + "' is configured");
        }
        long start = System.nanoTime();
        try {
            DeliveryReport report = target.deliver(delivery);
            return new Result(name, true, millisSince(start), report == null ? List.of() : report.actions(), null);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // a broken target must not take the round down with it
            LOG.warn("Distribution target {} failed for certificate {} v{}: {}", name, delivery.certificateId(),
                    delivery.version(), e.toString());
            return new Result(name, false, millisSince(start), List.of(), errorText(e));
        }
    }

    /** What one target did. */
    private record Result(String target, boolean ok, long millis, List<String> actions, String error) {
    }

    /**
     * Stores the outcome of a round: events always, the pending list only while the version is current.
     *
     * @return the stored events
     */
    private List<CertificateEvent> record(CertificateRecord delivered, List<Result> results) {
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            Optional<CertificateRecord> current = store.findCertificate(delivered.id());
            boolean sameVersion = current.isPresent() && current.get().version() == delivered.version()
                    && current.get().state() == CertificateState.ISSUED;
            int round = sameVersion ? Attributes.integer(current.get().attributes(), Attributes.DISTRIBUTION_ATTEMPT) + 1
                    : 0;
            Instant retryAt = now.plus(backoff(round));
            List<String> stillPending = new ArrayList<>(sameVersion ? pending(current.get()) : List.of());
            for (Result r : results) {
                if (r.ok()) {
                    stillPending.remove(r.target());
                }
            }
            List<CertificateEvent> recorded = new ArrayList<>();
            for (Result r : results) {
                recorded.add(event(delivered, r, now, round, stillPending.contains(r.target()) ? retryAt : null));
            }
            Commit.Builder commit = Commit.builder().events(recorded);
            if (sameVersion) {
                Map<String, String> attributes;
                if (stillPending.isEmpty()) {
                    attributes = clear(current.get().attributes());
                } else {
                    attributes = Attributes.copy(current.get().attributes());
                    Attributes.put(attributes, Attributes.DISTRIBUTION_PENDING, stillPending);
                    attributes.put(Attributes.DISTRIBUTION_ATTEMPT, Integer.toString(round));
                    Attributes.put(attributes, Attributes.DISTRIBUTION_RETRY_AT, retryAt);
                }
                commit.certificate(Wakeups.apply(current.get().toBuilder().attributes(attributes).updatedAt(now)
                        .build()));
            }
            try {
                return store.commit(commit.build()).events();
            } catch (CertpilotException e) {
                if (e.code() != ErrorCode.STORE_CONFLICT || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private CertificateEvent event(CertificateRecord cert, Result r, Instant now, int round, Instant retryAt) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("target", r.target());
        d.put("version", Integer.toString(cert.version()));
        d.put("serial", cert.serial().orElse(""));
        d.put("durationMillis", Long.toString(r.millis()));
        d.put("dryRun", Boolean.toString(dryRun));
        if (r.ok()) {
            d.put("report", limit(String.join("\n", r.actions())));
            return CertificateEvent.of(cert.id(), EventType.CERT_DISTRIBUTED, now, d);
        }
        d.put("error", limit(r.error()));
        d.put("attempt", Integer.toString(Math.max(round, 1)));
        if (retryAt != null) {
            d.put("retryAt", retryAt.toString());
        }
        return CertificateEvent.of(cert.id(), EventType.CERT_DISTRIBUTION_FAILED, now, d);
    }

    private static Duration backoff(int round) {
        Duration d = RETRY_INITIAL.multipliedBy(1L << Math.min(Math.max(round, 1) - 1, 20));
        return d.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : d;
    }

    private static String errorText(Throwable e) {
        String message = e.getMessage();
        return e instanceof CertpilotException c ? c.toString()
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String limit(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 3) + "...";
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
