package dev.certpilot;

import dev.certpilot.internal.Checks;
import dev.certpilot.internal.Ids;
import dev.certpilot.internal.dns.DnsClient;
import dev.certpilot.internal.dns.DnsRouter;
import dev.certpilot.internal.dns.Route;
import dev.certpilot.internal.engine.CertificateCommands;
import dev.certpilot.internal.engine.Deleter;
import dev.certpilot.internal.engine.Engine;
import dev.certpilot.internal.engine.EventSink;
import dev.certpilot.internal.engine.Issuers;
import dev.certpilot.internal.engine.JobCancellation;
import dev.certpilot.internal.engine.JobRunner;
import dev.certpilot.internal.engine.JobStarter;
import dev.certpilot.internal.engine.Lookups;
import dev.certpilot.internal.engine.RenewalScheduler;
import dev.certpilot.internal.engine.Revoker;
import dev.certpilot.internal.engine.SystemScheduler;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.HealthQuery;
import dev.certpilot.internal.lifecycle.HealthRules;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlanner;
import dev.certpilot.internal.lifecycle.UnionListing;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.IssuerContext;
import dev.certpilot.spi.JobKind;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.Scheduler;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ResolverConfig;

/** The {@link CertificateManager} built by {@link CertificateManagerBuilder}. */
final class DefaultCertificateManager implements CertificateManager {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private enum Lifecycle { NEW, RUNNING, CLOSED }

    private final CertificateStore store;
    private final KeyProtection keyProtection;
    private final java.time.Clock clock;
    private final Issuers issuers;
    private final DnsRouter router;
    private final Engine engine;
    private final JobRunner runner;
    private final JobStarter starter;
    private final RenewalScheduler renewals;
    private final Revoker revoker;
    private final Deleter deleter;
    private final CertificateCommands commands;
    private final HealthRules health;
    private final Distributor distributor;
    private final ExecutorService ownExecutor;
    private final ExecutorService fanOut;
    private final SystemScheduler ownScheduler;
    private final Map<String, CompletableFuture<ManagedCertificate>> futures = new ConcurrentHashMap<>();
    private volatile Lifecycle lifecycle = Lifecycle.NEW;

    DefaultCertificateManager(CertificateManagerBuilder b) {
        this.store = b.store != null ? b.store : new InMemoryCertificateStore();
        this.keyProtection = b.keyProtection != null ? b.keyProtection : defaultKeyProtection(store, b);
        this.clock = b.clock;
        String instanceId = b.instanceId != null ? b.instanceId : defaultInstanceId();
        this.ownExecutor = b.executor == null ? Executors.newFixedThreadPool(b.maxConcurrentJobs,
                daemon("certpilot-job")) : null;
        ExecutorService executor = b.executor != null ? b.executor : ownExecutor;
        this.fanOut = Executors.newCachedThreadPool(daemon("certpilot-io"));
        this.ownScheduler = b.scheduler == null ? new SystemScheduler(executor) : null;
        Scheduler scheduler = b.scheduler != null ? b.scheduler : ownScheduler;
        this.issuers = new Issuers(b.issuers, new IssuerContext(store, keyProtection, clock));
        this.router = new DnsRouter(b.zones, b.defaultDns, b.propagation.followCnames());
        EventSink events = new EventSink();
        b.listeners.forEach(events::add);
        InetSocketAddress resolver = b.propagation.resolver().orElseGet(DefaultCertificateManager::systemResolver);
        this.health = new HealthRules(b.health);
        this.distributor = new Distributor(store, keyProtection, this.clock, b.targets, b.distributionDryRun, fanOut,
                events::deliver);
        this.engine = new Engine(store, keyProtection, this.clock, scheduler, executor, fanOut, issuers, router,
                b.propagation, new DnsClient(b.propagation.queryTimeout()), resolver, instanceId, b.leaseDuration,
                b.orderTimeout, events, this::jobFinished, new RenewalPlanner(b.renewal), new HealthTracker(health),
                distributor, b.checkpoints);
        this.runner = new JobRunner(engine, b.maxConcurrentJobs, b.jobPollInterval);
        this.starter = new JobStarter(engine, runner);
        this.renewals = new RenewalScheduler(engine, starter);
        JobCancellation cancellation = new JobCancellation(engine, runner);
        this.revoker = new Revoker(engine, cancellation);
        this.deleter = new Deleter(engine, revoker, cancellation);
        this.commands = new CertificateCommands(engine);
    }

    @Override
    public synchronized void start() {
        if (lifecycle == Lifecycle.CLOSED) {
            throw new CertpilotException(ErrorCode.NOT_RUNNING, "the manager is closed");
        }
        if (lifecycle == Lifecycle.NEW) {
            lifecycle = Lifecycle.RUNNING;
            runner.start();
            renewals.start();
            LOG.info("certpilot started: instance {}, issuers {}, store {}", engine.instanceId(), issuers.names(),
                    store.getClass().getSimpleName());
        }
    }

    @Override
    public CertificateHandle request(CertificateRequest request) {
        checkRunning();
        if (issuers.names().isEmpty()) {
            throw Checks.invalid("no issuer is configured");
        }
        request.issuer().filter(i -> !issuers.has(i)).ifPresent(i -> {
            throw Checks.invalid("no issuer is named '" + i + "'; configured: " + issuers.names());
        });
        if (router.isEmpty()) {
            throw Checks.invalid("no DNS provider is configured");
        }
        for (String target : request.targets()) {
            if (!distributor.has(target)) {
                throw Checks.invalid("no distribution target is named '" + target + "'; configured: "
                        + distributor.names().stream().sorted().toList());
            }
        }
        router.checkWithoutLookups(request.names());
        Map<String, Route> routes = router.route(request.names(), engine.authority());
        Instant now = clock.instant();
        String certId = Ids.next(clock);
        String jobId = Ids.next(clock);
        boolean startNow = runner.hasCapacity();
        CertificateRecord cert = CertificateRecord.builder()
                .id(certId)
                .names(request.names())
                .keyType(request.keyType())
                .csrPem(request.csrPem().orElse(null))
                .requestedIssuer(request.issuer().orElse(null))
                .profile(request.profile().orElse(null))
                .autoRenew(request.autoRenew())
                .reuseKey(request.reuseKey())
                .labels(request.labels())
                .tenant(request.tenant().orElse(null))
                .requestedBy(request.requestedBy().orElse(null))
                .targets(request.targets())
                .createdAt(now)
                .updatedAt(now)
                .activeJobId(jobId)
                .build();
        JobRecord job = JobRecord.builder()
                .id(jobId)
                .certificateId(certId)
                .kind(JobKind.ISSUE)
                .nextRunAt(now)
                .createdAt(now)
                .updatedAt(now)
                .lease(startNow ? engine.instanceId() : null, startNow ? now.plus(engine.leaseDuration()) : null)
                .build();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("names", String.join(" ", request.names()));
        details.put("keyType", request.hasCsr() ? "csr:" + request.keyType() : request.keyType().name());
        request.issuer().ifPresent(i -> details.put("issuer", i));
        request.profile().ifPresent(p -> details.put("profile", p));
        request.requestedBy().ifPresent(r -> details.put("requestedBy", r));
        CompletableFuture<ManagedCertificate> future = new CompletableFuture<>();
        futures.put(jobId, future);
        Commit stored;
        try {
            stored = store.commit(Commit.builder().certificate(cert).job(job)
                    .event(CertificateEvent.of(certId, EventType.CERT_REQUESTED, now, details)).build());
        } catch (RuntimeException e) {
            futures.remove(jobId);
            throw e;
        }
        engine.events().deliver(stored.events());
        if (startNow) {
            runner.startLocal(stored.storedJob(), stored.storedCertificate(), routes);
        } else {
            runner.pollSoon(java.time.Duration.ZERO);
        }
        return new DefaultCertificateHandle(certId, future, () -> stateOf(certId));
    }

    @Override
    public CertificateHandle renew(String id) {
        checkRunning();
        for (int attempt = 0; ; attempt++) {
            CertificateRecord cert = Lookups.certificate(store, id);
            if (cert.activeJobId().isPresent()) {
                return handle(id);
            }
            if (cert.state() == CertificateState.PENDING_APPROVAL || cert.state() == CertificateState.REJECTED) {
                throw new CertpilotException(ErrorCode.ILLEGAL_STATE, "certificate " + id + " is " + cert.state()
                        + " and cannot be renewed");
            }
            boolean neverIssued = cert.version() == 0;
            String jobId = Ids.next(clock);
            CompletableFuture<ManagedCertificate> future = new CompletableFuture<>();
            futures.put(jobId, future);
            try {
                CertificateEvent event = CertificateEvent.of(id, neverIssued ? EventType.CERT_REQUESTED
                        : EventType.RENEWAL_STARTED, clock.instant(), Map.of("reason", "manual", "job", jobId));
                starter.start(jobId, cert, neverIssued ? JobKind.ISSUE : JobKind.RENEW, c -> {
                    if (!neverIssued) {
                        return Wakeups.apply(c);
                    }
                    c.state().checkMoveTo(CertificateState.PENDING);
                    return c.toBuilder().state(CertificateState.PENDING).build();
                }, List.of(event));
            } catch (CertpilotException e) {
                futures.remove(jobId);
                if (e.code() == ErrorCode.STORE_CONFLICT && attempt < 5) {
                    continue; // changed meanwhile (perhaps another instance started a job): look again
                }
                throw e;
            }
            return new DefaultCertificateHandle(id, future, () -> stateOf(id));
        }
    }

    @Override
    public Optional<ManagedCertificate> get(String id) {
        return store.findCertificate(id).map(this::view);
    }

    @Override
    public CertificateHandle handle(String id) {
        CertificateRecord r = store.findCertificate(id).orElseThrow(() -> notFound(id));
        CompletableFuture<ManagedCertificate> future;
        if (r.activeJobId().isPresent()) {
            future = futures.computeIfAbsent(r.activeJobId().get(), k -> new CompletableFuture<>());
            // the job may have finished between reading the record and registering the future
            store.findJob(r.activeJobId().get()).filter(j -> j.status().isFinished()).ifPresent(j -> settle(future, id));
        } else {
            future = new CompletableFuture<>();
            settle(future, id);
        }
        return new DefaultCertificateHandle(id, future, () -> stateOf(id));
    }

    @Override
    public Page<ManagedCertificate> list(CertificateFilter filter, PageRequest page) {
        Instant now = clock.instant();
        Page<CertificateRecord> records = HealthQuery.needed(filter)
                ? new UnionListing(store).list(HealthQuery.of(filter, health, now), page)
                : store.listCertificates(filter, page);
        return records.map(r -> view(r, now));
    }

    @Override
    public ManagedCertificate setAutoRenew(String id, boolean autoRenew) {
        checkRunning();
        return view(commands.setAutoRenew(id, autoRenew));
    }

    @Override
    public ManagedCertificate revoke(String id, RevocationReason reason) {
        checkRunning();
        java.util.Objects.requireNonNull(reason, "reason");
        return view(revoker.revoke(id, reason, jobId -> abandon(jobId, new CertpilotException(
                ErrorCode.ILLEGAL_STATE, "certificate " + id + " was revoked while this job was in flight"))));
    }

    @Override
    public void delete(String id, boolean revokeFirst) {
        checkRunning();
        deleter.delete(id, revokeFirst, jobId -> abandon(jobId, new CertpilotException(
                ErrorCode.CERTIFICATE_NOT_FOUND, "certificate " + id + " was deleted while this job was in flight")));
    }

    @Override
    public void redistribute(String id) {
        checkRunning();
        commands.redistribute(id);
    }

    @Override
    public List<CertificateEvent> timeline(String id) {
        return store.timeline(id);
    }

    @Override
    public synchronized void close() {
        if (lifecycle == Lifecycle.CLOSED) {
            return;
        }
        lifecycle = Lifecycle.CLOSED;
        renewals.close();
        runner.close();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        shutdown(ownExecutor);
        shutdown(fanOut);
        issuers.close();
        futures.values().forEach(f -> f.completeExceptionally(new CertpilotException(ErrorCode.NOT_RUNNING,
                "the manager was closed before the job finished; it resumes at the next start")));
        futures.clear();
    }

    @Override
    public String toString() {
        return "CertificateManager[" + engine.instanceId() + ", " + lifecycle + ", issuers=" + issuers.names() + "]";
    }

    private void jobFinished(JobRecord job, CertificateRecord cert, CertpilotException error) {
        CompletableFuture<ManagedCertificate> f = futures.remove(job.id());
        if (f == null) {
            return;
        }
        if (error != null) {
            f.completeExceptionally(error);
        } else if (cert != null) {
            f.complete(view(cert));
        }
    }

    /** Fails the handle of a job this instance waited for and that was cancelled. */
    private void abandon(String jobId, CertpilotException why) {
        CompletableFuture<ManagedCertificate> f = futures.remove(jobId);
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    private void settle(CompletableFuture<ManagedCertificate> future, String id) {
        Optional<CertificateRecord> r = store.findCertificate(id);
        if (r.isEmpty()) {
            future.completeExceptionally(notFound(id));
        } else if (r.get().state() == CertificateState.ISSUED) {
            future.complete(view(r.get()));
        } else if (r.get().failure().isPresent()) {
            future.completeExceptionally(r.get().failure().get().toException());
        } else {
            future.completeExceptionally(new CertpilotException(ErrorCode.ILLEGAL_STATE,
                    "certificate " + id + " is " + r.get().state() + " and has no job in flight"));
        }
    }

    private CertificateState stateOf(String id) {
        return store.findCertificate(id).map(CertificateRecord::state).orElseThrow(() -> notFound(id));
    }

    private ManagedCertificate view(CertificateRecord r) {
        return view(r, clock.instant());
    }

    private ManagedCertificate view(CertificateRecord r, Instant now) {
        return new ManagedCertificate(r, keyProtection, health.evaluate(r, now));
    }

    private void checkRunning() {
        if (lifecycle != Lifecycle.RUNNING) {
            throw new CertpilotException(ErrorCode.NOT_RUNNING, lifecycle == Lifecycle.NEW
                    ? "the manager is not started; call start() first" : "the manager is closed");
        }
    }

    private static CertpilotException notFound(String id) {
        return Lookups.notFound(id);
    }

    private static KeyProtection defaultKeyProtection(CertificateStore store, CertificateManagerBuilder b) {
        if (store instanceof InMemoryCertificateStore) {
            return KeyProtection.ephemeral();
        }
        LOG.warn("No key protection configured: private keys are encrypted with the development default key file {}."
                + " Configure KeyProtection with a key from your secret manager in production.", b.defaultKekFile);
        return KeyProtection.aesGcm(KeyProtection.localKeyFile(b.defaultKekFile));
    }

    private static InetSocketAddress systemResolver() {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? new InetSocketAddress("127.0.0.1", 53) : servers.get(0);
    }

    private static String defaultInstanceId() {
        // no DNS lookup here: the host name comes from the environment only
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("host");
        return host + "-" + ProcessHandle.current().pid() + "-" + Ids.next().substring(24);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void shutdown(ExecutorService e) {
        if (e == null) {
            return;
        }
        e.shutdown();
        try {
            if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.shutdownNow();
        }
    }
}
