package dev.certpilot.internal.engine;

import dev.certpilot.CaException;
import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.Checkpoints;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Failure;
import dev.certpilot.Problem;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.internal.crypto.Csrs;
import dev.certpilot.internal.crypto.Keys;
import dev.certpilot.internal.crypto.ParsedCsr;
import dev.certpilot.internal.crypto.Pem;
import dev.certpilot.internal.crypto.PublicKeys;
import dev.certpilot.internal.dns.Authority;
import dev.certpilot.internal.dns.PropagationCheck;
import dev.certpilot.internal.dns.Route;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.RenewalPlan;
import dev.certpilot.internal.lifecycle.RenewalPlanner;
import dev.certpilot.spi.AuthorizationState;
import dev.certpilot.spi.AuthorizationStatus;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.EncryptedKey;
import dev.certpilot.spi.InSyncCheck;
import dev.certpilot.spi.IssuedChain;
import dev.certpilot.spi.IssuerOrder;
import dev.certpilot.spi.IssuerSession;
import dev.certpilot.spi.JobKind;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import dev.certpilot.spi.OrderSpec;
import dev.certpilot.spi.OrderStatus;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job from its last checkpoint to the end. Every step that talks to the CA or to DNS is bracketed by
 * checkpoints; waits (propagation, CA polling) are scheduled continuations, never sleeps.
 *
 * <p>Which checkpoints reach the store at once depends on {@link Checkpoints}: with {@code EVERY_STEP} each one
 * is a commit; with {@code ESSENTIAL} the steps whose loss a resumed job can simply redo ({@link #checkpoint}) are
 * kept here and written with the next commit ({@link #commit}): the records before they are published, the key
 * and CSR before finalize, the certificate, any failure, and the state whenever the job starts waiting.
 *
 * <p>An execution owns its job through the job's lease. Every write is a compare-and-set on the job's revision:
 * if another instance took the job over (its lease expired) or the certificate was deleted, the write fails and
 * this execution stops without touching DNS or the CA again.
 */
final class JobExecution {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);

    /** First wait when the CA sends no Retry-After; doubles up to {@link #POLL_MAX}. Validation on a fast CA takes ms. */
    private static final Duration POLL_INITIAL = Duration.ofMillis(5);
    private static final Duration POLL_MAX = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(1);
    private static final String CHALLENGES = "challenges";
    private static final String PROPAGATION_STARTED = "propagation.startedAt";
    private static final String POLL_STARTED = "poll.startedAt";
    private static final String CSR = "csr";
    private static final String NO_REPLACES = "noReplaces";

    private final Engine engine;
    private final JobRunner runner;
    private final boolean resumed;
    private JobRecord job;
    private CertificateRecord cert;
    private Authority authority;
    private PropagationCheck propagation;
    private Map<String, Route> routes;
    private IssuerOrder createdOrder;
    /**
     * The order's status as the CA's own answers of this run settled it (ready after every challenge was answered
     * valid, valid after finalize was): the next order read uses it instead of a poll. {@code null}: read the order.
     */
    private OrderStatus knownOrderStatus;
    /** Every authorization that needed no challenge was already valid (this run). */
    private boolean othersValid;
    private Duration nextDelay = Duration.ZERO;
    private boolean resumeAnnounced;
    /** The certificate changes of checkpoints not written yet (in order), or {@code null}. */
    private UnaryOperator<CertificateRecord> unwrittenChange;
    /** The events of checkpoints not written yet, in order. */
    private final List<CertificateEvent> unwrittenEvents = new ArrayList<>();
    /** Whether {@link #job} holds checkpoints the store does not have yet. */
    private boolean unwritten;
    private volatile boolean cancelled;

    /**
     * Creates an execution.
     *
     * @param cert    the job's certificate as the caller just stored it, or {@code null} to read it
     * @param routes  the routes of the certificate's names if the caller just computed them, else {@code null}
     * @param resumed whether the job was claimed from the store (after a crash or from another instance)
     */
    JobExecution(Engine engine, JobRunner runner, JobRecord job, CertificateRecord cert, Map<String, Route> routes,
                 boolean resumed) {
        this.engine = engine;
        this.runner = runner;
        this.job = job;
        this.cert = cert;
        this.routes = routes;
        this.resumed = resumed;
    }

    String jobId() {
        return job.id();
    }

    /**
     * Stops this execution at its next step: the job was cancelled or its certificate deleted by this instance.
     * (Other instances find out at their next write, which fails.) It cleans up the records it published.
     */
    void cancel() {
        cancelled = true;
        // an execution waiting for a scheduled continuation stops now rather than when it wakes up
        engine.executor().execute(this::run);
    }

    /** Runs steps until the job waits, finishes or is lost. Called on the engine's executor. */
    void run() {
        try {
            if (cert == null) {
                cert = engine.store().findCertificate(job.certificateId()).orElseThrow(LostJob::new);
                if (resumed && !resumeAnnounced) {
                    resumeAnnounced = true;
                    commit(null, job.toBuilder().attempts(job.attempts() + 1).build(), List.of(event(
                            EventType.JOB_RESUMED, Map.of("step", job.step(), "job", job.id()))));
                }
            }
            while (true) {
                if (cancelled) {
                    throw new LostJob();
                }
                Duration wait = step();
                if (wait == null) {
                    if (unwritten) {
                        // steps that do not write still must not outlast the lease (slow DNS APIs, a slow CA)
                        extendLeaseIfNeeded();
                    }
                    continue;
                }
                if (wait.isNegative()) {
                    runner.finished(this);
                    return;
                }
                if (unwritten) {
                    // a waiting job is resumed from where it waits, with the time its wait started
                    commit(null, job, List.of());
                } else {
                    extendLeaseIfNeeded();
                }
                engine.scheduler().schedule(wait, () -> engine.executor().execute(this::run));
                return;
            }
        } catch (LostJob e) {
            LOG.info("Job {} of certificate {} was taken over or cancelled; this instance stops working on it",
                    job.id(), job.certificateId());
            cleanupIfCancelled();
            runner.finished(this);
        } catch (CertpilotException e) {
            failSafely(e);
        } catch (RuntimeException e) {
            LOG.error("Job {} failed unexpectedly", job.id(), e);
            failSafely(new CertpilotException(ErrorCode.CA_ERROR, "internal error: " + e, e));
        }
    }

    /**
     * Performs the work after the current checkpoint.
     *
     * @return {@code null} to go on at once, a positive or zero duration to continue after it, a negative one when
     *         the job is finished
     */
    private Duration step() {
        JobStep step = JobStep.valueOf(job.step());
        return switch (step) {
            case CREATED -> createOrder();
            case ORDER_CREATED -> prepareRecords();
            case PUBLISHING -> publish();
            case PUBLISHED -> awaitPropagation();
            case PROPAGATED -> triggerChallenges();
            case TRIGGERED -> awaitValidation();
            case VALIDATED -> prepareKey();
            case KEY_READY -> finalizeOrder();
            case FINALIZED -> awaitCertificate();
            case DONE, FAILED -> Duration.ofMillis(-1);
        };
    }

    // ---- steps -----------------------------------------------------------------------------------------------

    private Duration createOrder() {
        String issuer = currentIssuer();
        // routing first: a name in no zone fails before any order exists
        routes();
        IssuerSession session = engine.issuers().session(issuer);
        if (job.kind() == JobKind.RENEW && !job.data().containsKey(NO_REPLACES)) {
            if (adoptFailedOrder(issuer, session)) {
                return null;
            }
        }
        Optional<X509Certificate> replaces = job.kind() == JobKind.RENEW && !job.data().containsKey(NO_REPLACES)
                ? currentLeaf() : Optional.empty();
        OrderSpec spec = new OrderSpec(cert.names(), cert.profile(), replaces);
        IssuerOrder order;
        try {
            order = session.newOrder(spec);
        } catch (CaException e) {
            if (replaces.isPresent() && !e.isTransient()) {
                // ARI pitfalls: "alreadyReplaced", or the old certificate came from another account: renew anyway
                LOG.info("Order with 'replaces' refused for {} ({}); ordering without it", cert.id(), e.getMessage());
                Map<String, String> data = new HashMap<>(job.data());
                data.put(NO_REPLACES, "true");
                checkpoint(null, job.toBuilder().data(data).build(), List.of());
                return null;
            }
            throw e;
        }
        CertificateState state = cert.state();
        UnaryOperator<CertificateRecord> toValidating = state == CertificateState.PENDING
                ? c -> moveTo(c, CertificateState.VALIDATING).issuer(issuer).build() : null;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        details.put("order", order.url());
        details.put("authorizations", Integer.toString(order.authorizationUrls().size()));
        replaces.ifPresent(r -> details.put("replaces", r.getSerialNumber().toString(16)));
        checkpoint(toValidating, job.toBuilder().step(JobStep.ORDER_CREATED.name()).issuer(issuer)
                .orderUrl(order.url()).build(), List.of(event(EventType.ORDER_CREATED, details)));
        createdOrder = order;
        return null;
    }

    private Duration prepareRecords() {
        IssuerSession session = session();
        // the order just created needs no second fetch; a resumed one is read again
        IssuerOrder order = createdOrder != null ? createdOrder : session.order(job.orderUrl().orElseThrow());
        createdOrder = null;
        if (order.status() == OrderStatus.INVALID) {
            return restartWithNewOrder("the order is no longer valid" + order.error().map(p -> " (" + p + ")").orElse(""));
        }
        List<AuthorizationState> auths = session.authorizations(order.authorizationUrls());
        List<AuthorizationState> pending = auths.stream().filter(a -> a.status() == AuthorizationStatus.PENDING).toList();
        othersValid = auths.stream().allMatch(a -> a.status() == AuthorizationStatus.PENDING
                || a.status() == AuthorizationStatus.VALID);
        knownOrderStatus = order.status() == OrderStatus.READY ? OrderStatus.READY : null;
        List<String> challengeUrls = new ArrayList<>();
        List<ChallengeRecord> records = new ArrayList<>();
        if (!pending.isEmpty()) {
            Map<String, Route> routes = routes();
            for (AuthorizationState a : pending) {
                var challenge = a.challenge().orElseThrow(() -> new CaException(ErrorCode.CA_ERROR, "the CA offers no"
                        + " dns-01 challenge for " + a.name(), null, null));
                Route route = routes.get(DomainNames.challengeName(a.name()));
                records.add(route.record(challenge.txtValue()));
                challengeUrls.add(challenge.url());
            }
        }
        Map<String, String> data = new HashMap<>(job.data());
        data.put(CHALLENGES, String.join(" ", challengeUrls));
        JobStep next = records.isEmpty() ? JobStep.TRIGGERED : JobStep.PUBLISHING;
        JobRecord.Builder nextJob = job.toBuilder().step(next.name()).records(records);
        if (!data.containsKey(CSR)) {
            // the key and CSR go with the records: one commit covers both, and finalize finds them written
            KeyAndCsr made = keyAndCsr();
            data.put(CSR, made.csrBase64());
            nextJob.pendingKey(made.pendingKey());
        }
        commit(null, nextJob.data(data).build(), List.of());
        return null;
    }

    private Duration publish() {
        List<Throwable> errors = forEachName(job.records(), (provider, record) -> provider.present(record));
        if (!errors.isEmpty()) {
            throw asCertpilot(errors.get(0), ErrorCode.DNS_PROVIDER_ERROR, "publishing TXT records failed");
        }
        Map<String, String> data = new HashMap<>(job.data());
        data.put(PROPAGATION_STARTED, Long.toString(engine.clock().millis()));
        checkpoint(null, job.toBuilder().step(JobStep.PUBLISHED.name()).data(data).build(), List.of(event(
                EventType.DNS_PUBLISHED, Map.of("records", Integer.toString(job.records().size()),
                        "names", summarize(job.records().stream().map(ChallengeRecord::fqdn).distinct().toList())))));
        nextDelay = Duration.ZERO;
        return null;
    }

    private Duration awaitPropagation() {
        Instant started = Instant.ofEpochMilli(Long.parseLong(job.data().getOrDefault(PROPAGATION_STARTED,
                Long.toString(engine.clock().millis()))));
        Instant now = engine.clock().instant();
        List<String> pending = providersNotInSync();
        if (pending.isEmpty()) {
            if (propagation == null) {
                propagation = new PropagationCheck(engine.dns(), authority(), job.records(),
                        engine.propagation().nameservers(), engine.propagation().publicResolvers());
            }
            pending = propagation.pending();
        }
        if (pending.isEmpty()) {
            long waited = Duration.between(started, now).toMillis();
            checkpoint(null, job.toBuilder().step(JobStep.PROPAGATED.name()).build(), List.of(event(
                    EventType.DNS_PROPAGATED, Map.of("waitedMillis", Long.toString(Math.max(0, waited)),
                            "names", Integer.toString(propagation.names())))));
            return null;
        }
        if (!now.isBefore(started.plus(engine.propagation().timeout()))) {
            throw new CertpilotException(ErrorCode.DNS_PROPAGATION_TIMEOUT, "TXT records not visible after "
                    + engine.propagation().timeout() + ": " + summarize(pending));
        }
        nextDelay = nextDelay.isZero() ? engine.propagation().initialInterval()
                : min(nextDelay.multipliedBy(2), engine.propagation().maxInterval());
        return nextDelay;
    }

    private Duration triggerChallenges() {
        IssuerSession session = session();
        List<String> urls = challengeUrls();
        if (resumed) {
            // after a crash some challenges may already be processing or valid; trigger only those still pending
            IssuerOrder order = session.order(job.orderUrl().orElseThrow());
            List<String> known = urls;
            List<String> stillPending = new ArrayList<>();
            for (AuthorizationState a : session.authorizations(order.authorizationUrls())) {
                a.challenge().filter(c -> c.status() == AuthorizationStatus.PENDING && known.contains(c.url()))
                        .ifPresent(c -> stillPending.add(c.url()));
            }
            urls = stillPending;
        }
        List<AuthorizationStatus> answers = new ArrayList<>();
        if (urls.size() == 1) {
            // one challenge (the common case): no hand-over to the fan-out pool
            try {
                answers.add(session.trigger(urls.get(0)));
            } catch (RuntimeException e) {
                throw asCertpilot(e, ErrorCode.CA_ERROR, "triggering challenges failed");
            }
        } else {
            List<CompletableFuture<AuthorizationStatus>> calls = new ArrayList<>();
            for (String url : urls) {
                calls.add(CompletableFuture.supplyAsync(() -> session.trigger(url), engine.fanOut()));
            }
            List<Throwable> errors = ChallengeRecords.joinAll(calls);
            if (!errors.isEmpty()) {
                throw asCertpilot(errors.get(0), ErrorCode.CA_ERROR, "triggering challenges failed");
            }
            calls.forEach(c -> answers.add(c.join()));
        }
        // a CA that validated while answering (Pebble's VA is quick, the bundled CA does it inline) needs no poll
        if (!answers.isEmpty()) {
            knownOrderStatus = !resumed && othersValid
                    && answers.stream().allMatch(a -> a == AuthorizationStatus.VALID) ? OrderStatus.READY : null;
        }
        return startPolling(JobStep.TRIGGERED);
    }

    private Duration awaitValidation() {
        IssuerSession session = session();
        OrderRead read = readOrder(session);
        IssuerOrder order = read.order();
        switch (read.status()) {
            case PENDING:
                return pollAgain(order, "validation");
            case INVALID:
                throw challengeFailure(session, order);
            case PROCESSING:
            case VALID:
                // resumed after finalizing: nothing to validate any more (records published again on the way are
                // removed again)
                checkpoint(null, job.toBuilder().step(JobStep.FINALIZED.name()).records(List.of()).build(),
                        cleanup(job.records()));
                return null;
            case READY:
            default:
                break;
        }
        List<CertificateEvent> events = new ArrayList<>();
        events.add(event(EventType.CHALLENGE_VALIDATED, Map.of("names", Integer.toString(cert.names().size()))));
        events.addAll(cleanup(job.records()));
        checkpoint(null, job.toBuilder().step(JobStep.VALIDATED.name()).records(List.of()).build(), events);
        return null;
    }

    private Duration prepareKey() {
        if (job.data().containsKey(CSR)) {
            // made with the records, and written then
            checkpoint(null, job.toBuilder().step(JobStep.KEY_READY.name()).build(), List.of());
            return null;
        }
        KeyAndCsr made = keyAndCsr();
        Map<String, String> data = new HashMap<>(job.data());
        data.put(CSR, made.csrBase64());
        // written before finalize, so that the certificate always matches a stored key
        commit(null, job.toBuilder().step(JobStep.KEY_READY.name()).pendingKey(made.pendingKey()).data(data).build(),
                List.of());
        return null;
    }

    /** A key pair's encrypted private key ({@code null} for the caller's own CSR) and the CSR, in base64 DER. */
    private record KeyAndCsr(EncryptedKey pendingKey, String csrBase64) {
    }

    /** The CSR to finalize with: the caller's own, or one for a new (or, with key reuse, the current) key. */
    private KeyAndCsr keyAndCsr() {
        if (cert.csrPem().isPresent()) {
            return new KeyAndCsr(null, Base64.getEncoder().encodeToString(ParsedCsr.parse(cert.csrPem().get()).der()));
        }
        KeyPair pair;
        if (cert.reuseKey() && cert.key().isPresent()) {
            PrivateKey existing = engine.keyProtection().unprotect(cert.key().get(), cert.id());
            pair = PublicKeys.pairOf(existing);
        } else {
            pair = Keys.generate(cert.keyType());
        }
        return new KeyAndCsr(engine.keyProtection().protect(pair.getPrivate(), cert.id()),
                Base64.getEncoder().encodeToString(Csrs.build(pair, cert.names())));
    }

    private Duration finalizeOrder() {
        OrderStatus answer;
        try {
            answer = session().finalizeOrder(job.orderUrl().orElseThrow(), csr());
        } catch (CaException e) {
            if (e.problem().filter(p -> p.shortType().equals("orderNotReady")).isPresent()) {
                // the CA had not caught up with its own "valid" answers: go back to polling the order
                return startPolling(JobStep.TRIGGERED);
            }
            throw e;
        }
        knownOrderStatus = answer == OrderStatus.VALID ? OrderStatus.VALID : null;
        return startPolling(JobStep.FINALIZED);
    }

    /**
     * Commits {@code step}, whose work is polling the order, with the time polling starts (the order timeout counts
     * from it); the first look comes at once.
     */
    private Duration startPolling(JobStep step) {
        Map<String, String> data = new HashMap<>(job.data());
        data.put(POLL_STARTED, Long.toString(engine.clock().millis()));
        checkpoint(null, job.toBuilder().step(step.name()).data(data).build(), List.of());
        nextDelay = Duration.ZERO;
        return null;
    }

    private Duration awaitCertificate() {
        IssuerSession session = session();
        OrderRead read = readOrder(session);
        IssuerOrder order = read.order();
        OrderStatus status = read.status();
        switch (status) {
            case PROCESSING:
                return pollAgain(order, "issuance");
            case READY:
                checkpoint(null, job.toBuilder().step(JobStep.KEY_READY.name()).build(), List.of());
                return null;
            case PENDING:
            case INVALID:
                throw new CaException(ErrorCode.CA_ERROR, "the CA did not issue: order is " + status
                        + order.error().map(p -> " (" + p + ")").orElse(""), order.error().orElse(null), null);
            case VALID:
            default:
                break;
        }
        IssuedChain chain = session.download(job.orderUrl().orElseThrow());
        X509Certificate leaf = chain.leaf();
        checkIssued(leaf);
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        boolean renewal = cert.version() > 0;
        String issuer = job.issuer().orElseThrow();
        String serial = leaf.getSerialNumber().toString(16);
        EncryptedKey key = job.pendingKey().orElse(null);
        String chainPem = Pem.certificates(chain.chain());
        Instant now = engine.clock().instant();
        // the renewal plan (ARI where offered, else the configured window) is stored with the certificate
        Optional<RenewalPlanner.Planned> planned = cert.autoRenew()
                ? Optional.of(engine.planner().afterIssuance(session, leaf, now)) : Optional.empty();
        UnaryOperator<CertificateRecord> stored = c -> {
            Map<String, String> attributes = Distributor.pendingFor(c.attributes(), c.targets(), c.version() + 1, now);
            if (c.autoRenew()) {
                // auto-renew may have been switched on while the job ran: then the configured window
                attributes = planned.map(p -> p.plan()).orElseGet(() -> engine.planner().window(notBefore, notAfter,
                        engine.planner().settings().ari() ? Optional.of(now) : Optional.empty())).writeTo(attributes);
            } else {
                attributes = RenewalPlan.clear(attributes);
            }
            return moveTo(c, CertificateState.ISSUED)
                    .issuer(issuer).serial(serial).notBefore(notBefore).notAfter(notAfter).chainPem(chainPem).key(key)
                    .version(c.version() + 1).failure(null).consecutiveFailures(0).activeJobId(null)
                    .attributes(attributes).updatedAt(now).build();
        };
        UnaryOperator<CertificateRecord> issued = c -> engine.health().track(stored.apply(c), now).record();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("serial", serial);
        details.put("notAfter", notAfter.toString());
        details.put("issuer", issuer);
        details.put("version", Integer.toString(cert.version() + 1));
        List<CertificateEvent> events = new ArrayList<>();
        events.add(event(renewal ? EventType.CERT_RENEWED : EventType.CERT_ISSUED, details));
        planned.ifPresent(p -> events.add(event(EventType.RENEWAL_SCHEDULED, p.plan().details(p.reason()))));
        engine.health().track(stored.apply(cert), now).event().ifPresent(events::add);
        JobRecord done = job.toBuilder().status(JobStatus.SUCCEEDED).step(JobStep.DONE.name()).pendingKey(null)
                .records(List.of()).lease(null, null).failure(null).data(Map.of()).build();
        commit(issued, done, events);
        if (cert.targets().isEmpty()) {
            engine.jobListener().finished(job, cert, null);
        } else {
            // the caller's future completes once the certificate has gone out to its targets (failures recorded
            // and retried, they do not fail the issuance): "issued" then also means "served where configured"
            JobRecord finishedJob = job;
            CertificateRecord finishedCert = cert;
            engine.distributor().deliverAsync(cert.id(),
                    () -> engine.jobListener().finished(finishedJob, finishedCert, null));
        }
        return Duration.ofMillis(-1);
    }

    // ---- failure ---------------------------------------------------------------------------------------------

    private void failSafely(CertpilotException e) {
        try {
            fail(e);
        } catch (LostJob lost) {
            runner.finished(this);
        } catch (RuntimeException inner) {
            LOG.error("Recording the failure of job {} failed; it will be retried after its lease expires",
                    job.id(), inner);
            runner.finished(this);
        }
    }

    private void fail(CertpilotException e) {
        List<CertificateEvent> events = new ArrayList<>(cleanup(job.records()));
        String current = currentIssuer();
        Optional<String> next = cert.requestedIssuer().isPresent() ? Optional.empty() : engine.issuers().next(current);
        if (e instanceof CaException ca && ca.isTransient() && next.isPresent()) {
            LOG.warn("Issuer {} failed for certificate {} ({}); falling back to {}", current, cert.id(),
                    e.getMessage(), next.get());
            events.add(event(EventType.ISSUER_FALLBACK, Map.of("from", current, "to", next.get(),
                    "code", e.code().name(), "reason", e.getMessage())));
            commit(null, job.toBuilder().step(JobStep.CREATED.name()).issuer(next.get()).orderUrl(null)
                    .records(List.of()).pendingKey(null).data(Map.of()).build(), events);
            engine.executor().execute(this::run);
            return;
        }
        LOG.warn("Job {} for certificate {} failed: {}", job.id(), cert.id(), e.toString());
        Instant now = engine.clock().instant();
        Failure failure = Failure.of(e, now);
        boolean firstIssuance = cert.version() == 0;
        UnaryOperator<CertificateRecord> recorded = c -> {
            CertificateRecord.Builder b = firstIssuance && c.state() != CertificateState.FAILED
                    ? moveTo(c, CertificateState.FAILED) : c.toBuilder();
            b.failure(failure).consecutiveFailures(c.consecutiveFailures() + 1).activeJobId(null).updatedAt(now);
            Optional<Instant> retryAt = retryAt(c, failure, now);
            if (retryAt.isPresent()) {
                // the certificate in service stays ISSUED; the next attempt comes after the backoff
                b.attributes(new RenewalPlan(retryAt.get(), RenewalPlan.Source.RETRY, retryAt.get(), retryAt.get(),
                        Optional.empty()).writeTo(c.attributes()));
            }
            return b.build();
        };
        UnaryOperator<CertificateRecord> failed = c -> engine.health().track(recorded.apply(c), now).record();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("code", e.code().name());
        details.put("message", e.getMessage() == null ? "" : e.getMessage());
        details.put("step", job.step());
        retryAt(cert, failure, now).ifPresent(t -> details.put("retryAt", t.toString()));
        failure.retryAfter().ifPresent(t -> details.put("retryAfter", t.toString()));
        events.add(event(firstIssuance ? EventType.CERT_FAILED : EventType.RENEWAL_FAILED, details));
        engine.health().track(recorded.apply(cert), now).event().ifPresent(events::add);
        JobRecord failedJob = job.toBuilder().status(JobStatus.FAILED).step(JobStep.FAILED.name()).pendingKey(null)
                .records(List.of()).lease(null, null).failure(failure).build();
        commit(failed, failedJob, events);
        engine.jobListener().finished(job, cert, e);
        runner.finished(this);
    }

    /**
     * When an automatic renewal of {@code c} is tried again after this failure: only for an issued certificate
     * with auto-renew (a manual re-issue of an expired or revoked one is not retried by itself).
     */
    private Optional<Instant> retryAt(CertificateRecord c, Failure failure, Instant now) {
        if (c.state() != CertificateState.ISSUED || !c.autoRenew() || c.notAfter().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(engine.planner().retryAt(c.consecutiveFailures() + 1, failure.retryAfter(), now,
                c.notAfter().get()));
    }

    /**
     * A renewal retried after a failure continues the order of the failed attempt when the CA still has it
     * pending or ready: a CA outage in the middle of a renewal does not leave an order behind per attempt, and the
     * order's {@code replaces} is not refused as already replaced.
     *
     * @return whether the order was adopted (else: create a new one)
     */
    private boolean adoptFailedOrder(String issuer, IssuerSession session) {
        Optional<JobRecord> previous = engine.store().jobsOf(cert.id()).stream()
                .filter(j -> !j.id().equals(job.id()) && j.kind() == JobKind.RENEW && j.status() == JobStatus.FAILED)
                .reduce((a, b) -> b)
                .filter(j -> j.orderUrl().isPresent() && j.issuer().filter(issuer::equals).isPresent());
        if (previous.isEmpty()) {
            return false;
        }
        IssuerOrder order;
        try {
            order = session.order(previous.get().orderUrl().get());
        } catch (RuntimeException e) {
            LOG.info("The order of failed job {} cannot be read ({}); ordering anew", previous.get().id(),
                    e.toString());
            return false;
        }
        Instant now = engine.clock().instant();
        boolean usable = (order.status() == OrderStatus.PENDING || order.status() == OrderStatus.READY)
                && order.expires().map(x -> x.isAfter(now.plus(Duration.ofMinutes(10)))).orElse(true);
        if (!usable) {
            return false;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("issuer", issuer);
        details.put("order", order.url());
        details.put("authorizations", Integer.toString(order.authorizationUrls().size()));
        details.put("adoptedFromJob", previous.get().id());
        checkpoint(null, job.toBuilder().step(JobStep.ORDER_CREATED.name()).issuer(issuer).orderUrl(order.url())
                .build(), List.of(event(EventType.ORDER_CREATED, details)));
        createdOrder = order;
        return true;
    }

    /** After this execution lost its job: if it was cancelled or deleted, removes the records it published. */
    private void cleanupIfCancelled() {
        if (job.records().isEmpty() || cert == null) {
            return;
        }
        try {
            boolean gone = engine.store().findJob(job.id()).map(j -> j.status() == JobStatus.CANCELLED).orElse(true);
            if (gone) {
                cleanup(job.records());
            }
        } catch (RuntimeException e) {
            LOG.warn("Cleaning up the records of cancelled job {} failed", job.id(), e);
        }
    }

    private CaException challengeFailure(IssuerSession session, IssuerOrder order) {
        List<Problem> subs = new ArrayList<>();
        for (AuthorizationState a : session.authorizations(order.authorizationUrls())) {
            if (a.status() == AuthorizationStatus.INVALID) {
                subs.add(a.error().orElse(new Problem("urn:ietf:params:acme:error:unauthorized",
                        "authorization is invalid", 0, Optional.of(a.name()), List.of())));
            }
        }
        Problem p = new Problem(order.error().map(Problem::type).orElse("urn:ietf:params:acme:error:unauthorized"),
                order.error().map(Problem::detail).orElse("challenge validation failed"), 403, Optional.empty(), subs);
        return new CaException(ErrorCode.CHALLENGE_FAILED, "the CA could not validate: " + p, p, null);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Duration restartWithNewOrder(String why) {
        LOG.info("Job {}: {}; creating a new order", job.id(), why);
        List<CertificateEvent> events = cleanup(job.records());
        commit(null, job.toBuilder().step(JobStep.CREATED.name()).orderUrl(null).records(List.of())
                .pendingKey(null).data(Map.of()).build(), events);
        return null;
    }

    /** The order's status and, when it had to be read, the order ({@code null} when the CA's answer settled it). */
    private record OrderRead(OrderStatus status, IssuerOrder order) {
    }

    /** The status the CA's own last answer settled (used once), else the order read from the CA. */
    private OrderRead readOrder(IssuerSession session) {
        OrderStatus known = knownOrderStatus;
        knownOrderStatus = null;
        if (known != null) {
            return new OrderRead(known, null);
        }
        IssuerOrder order = session.order(job.orderUrl().orElseThrow());
        return new OrderRead(order.status(), order);
    }

    private Duration pollAgain(IssuerOrder order, String what) {
        Instant now = engine.clock().instant();
        Instant started = Instant.ofEpochMilli(Long.parseLong(job.data().getOrDefault(POLL_STARTED,
                Long.toString(now.toEpochMilli()))));
        if (!now.isBefore(started.plus(engine.orderTimeout()))) {
            throw new CaException(ErrorCode.CA_ERROR, "the CA did not finish " + what + " within "
                    + engine.orderTimeout() + " (order " + order.url() + " is " + order.status() + ")", null, null);
        }
        if (order.retryAfter().isPresent()) {
            Duration d = Duration.between(now, order.retryAfter().get());
            return d.isNegative() ? Duration.ZERO : min(d, RETRY_AFTER_CAP);
        }
        nextDelay = nextDelay.isZero() ? POLL_INITIAL : min(nextDelay.multipliedBy(2), POLL_MAX);
        return nextDelay;
    }

    private List<String> providersNotInSync() {
        List<String> out = new ArrayList<>();
        for (ChallengeRecord r : job.records()) {
            DnsChallengeProvider p = provider(r);
            if (p instanceof InSyncCheck check && !check.isInSync(r)) {
                out.add(r.fqdn() + ": provider reports the change is not in sync yet");
            }
        }
        return out;
    }

    private List<CertificateEvent> cleanup(List<ChallengeRecord> records) {
        return ChallengeRecords.cleanup(engine, cert.id(), records);
    }

    private List<Throwable> forEachName(List<ChallengeRecord> records, ChallengeRecords.Action action) {
        return ChallengeRecords.forEachName(engine, records, action);
    }

    private DnsChallengeProvider provider(ChallengeRecord r) {
        return ChallengeRecords.provider(engine, r);
    }

    private static CertpilotException asCertpilot(Throwable t, ErrorCode code, String what) {
        return t instanceof CertpilotException c ? c : new CertpilotException(code, what + ": " + t, t);
    }

    private void checkIssued(X509Certificate leaf) {
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr());
            byte[] expected = request.getSubjectPublicKeyInfo().getEncoded();
            if (!java.util.Arrays.equals(expected, leaf.getPublicKey().getEncoded())) {
                throw new CaException(ErrorCode.CA_ERROR, "the CA issued a certificate for another key", null, null);
            }
            List<String> sans = new ArrayList<>();
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        sans.add(String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            if (!sans.containsAll(cert.names())) {
                throw new CaException(ErrorCode.CA_ERROR, "the CA issued a certificate for " + sans + " instead of "
                        + cert.names(), null, null);
            }
        } catch (java.io.IOException | java.security.cert.CertificateParsingException e) {
            throw new CaException(ErrorCode.CA_ERROR, "the issued certificate cannot be checked", null, e);
        }
    }

    private byte[] csr() {
        String b64 = job.data().get(CSR);
        if (b64 == null) {
            throw new IllegalStateException("job " + job.id() + " has no CSR at step " + job.step());
        }
        return Base64.getDecoder().decode(b64);
    }

    private List<String> challengeUrls() {
        String s = job.data().getOrDefault(CHALLENGES, "");
        return s.isBlank() ? List.of() : List.of(s.split(" "));
    }

    private Optional<X509Certificate> currentLeaf() {
        return cert.chainPem().map(Pem::parseCertificates).filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }

    private Map<String, Route> routes() {
        if (routes == null) {
            routes = engine.router().route(cert.names(), authority());
        }
        return routes;
    }

    /** The issuer the job uses: the one it switched to, else the requested one, else the first configured. */
    private String currentIssuer() {
        return job.issuer().orElseGet(() -> cert.requestedIssuer().orElse(engine.issuers().names().get(0)));
    }

    private IssuerSession session() {
        return engine.issuers().session(job.issuer().orElseThrow());
    }

    private Authority authority() {
        if (authority == null) {
            authority = engine.authority();
        }
        return authority;
    }

    private static CertificateRecord.Builder moveTo(CertificateRecord c, CertificateState next) {
        c.state().checkMoveTo(next);
        return c.toBuilder().state(next);
    }

    private CertificateEvent event(EventType type, Map<String, String> details) {
        return CertificateEvent.of(cert.id(), type, engine.clock().instant(), details);
    }

    private static String summarize(List<String> items) {
        return items.size() <= 5 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 5)) + " and " + (items.size() - 5) + " more";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void extendLeaseIfNeeded() {
        Instant now = engine.clock().instant();
        Instant until = job.leaseUntil().orElse(Instant.MIN);
        if (Duration.between(now, until).compareTo(engine.leaseDuration().dividedBy(2)) < 0) {
            commit(null, job, List.of());
        }
    }

    /**
     * Writes the job (with a fresh lease) and, if {@code certChange} is given, the certificate changed by it, with
     * events, atomically. A concurrent change of the certificate alone is merged by re-reading it and applying
     * {@code certChange} again; a change of the job means another owner: {@link LostJob}.
     */
    private void commit(UnaryOperator<CertificateRecord> change, JobRecord nextJob, List<CertificateEvent> newEvents) {
        UnaryOperator<CertificateRecord> certChange = andThen(unwrittenChange, change);
        List<CertificateEvent> events = newEvents;
        if (!unwrittenEvents.isEmpty()) {
            events = new ArrayList<>(unwrittenEvents);
            events.addAll(newEvents);
        }
        Instant now = engine.clock().instant();
        JobRecord toWrite = nextJob.status() == JobStatus.ACTIVE
                ? nextJob.toBuilder().lease(engine.instanceId(), now.plus(engine.leaseDuration())).nextRunAt(now)
                        .updatedAt(now).build()
                : nextJob.toBuilder().updatedAt(now).build();
        for (int attempt = 0; ; attempt++) {
            Commit.Builder c = Commit.builder().job(toWrite).events(events);
            if (certChange != null) {
                c.certificate(certChange.apply(cert));
            }
            try {
                Commit stored = engine.store().commit(c.build());
                job = stored.storedJob();
                stored.certificate().ifPresent(r -> cert = r);
                unwrittenChange = null;
                unwrittenEvents.clear();
                unwritten = false;
                engine.events().deliver(stored.events());
                return;
            } catch (CertpilotException e) {
                if (e.code() != ErrorCode.STORE_CONFLICT || attempt >= 5) {
                    throw e;
                }
                JobRecord storedJob = engine.store().findJob(job.id()).orElseThrow(LostJob::new);
                if (storedJob.revision() != job.revision()) {
                    throw new LostJob();
                }
                cert = engine.store().findCertificate(cert.id()).orElseThrow(LostJob::new);
            }
        }
    }

    /**
     * Reaches a checkpoint whose loss a resumed job can redo safely. With {@link Checkpoints#EVERY_STEP} it is
     * committed at once; with {@link Checkpoints#ESSENTIAL} the job moves on here and the store gets the step, the
     * certificate change and the events with the next {@link #commit}.
     */
    private void checkpoint(UnaryOperator<CertificateRecord> certChange, JobRecord nextJob,
                            List<CertificateEvent> events) {
        if (engine.checkpoints() == Checkpoints.EVERY_STEP) {
            commit(certChange, nextJob, events);
            return;
        }
        unwrittenChange = andThen(unwrittenChange, certChange);
        unwrittenEvents.addAll(events);
        job = nextJob;
        unwritten = true;
    }

    private static UnaryOperator<CertificateRecord> andThen(UnaryOperator<CertificateRecord> first,
                                                            UnaryOperator<CertificateRecord> second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : c -> second.apply(first.apply(c));
    }

    /** The job is no longer this execution's: another instance took it over, or it was cancelled or deleted. */
    static final class LostJob extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostJob() {
            super(null, null, false, false);
        }
    }
}
