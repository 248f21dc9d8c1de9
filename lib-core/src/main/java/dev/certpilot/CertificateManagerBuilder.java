package dev.certpilot;

import dev.certpilot.internal.Checks;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.DistributionTarget;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.Issuer;
import dev.certpilot.spi.Scheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Configures a {@link CertificateManager}. Every setting has a default except the issuer and the DNS providers.
 *
 * <ul>
 *   <li>store: {@link InMemoryCertificateStore}</li>
 *   <li>key protection: for the in-memory store a random key that lives as long as the JVM; for any other store
 *       a local key file {@code ~/.certpilot/kek} (created 0600) — a <em>development default</em>, logged as a
 *       warning: configure a KEK from your secret manager in production</li>
 *   <li>clock: system UTC; scheduler: one timer thread; executor: {@link #maxConcurrentJobs} daemon threads</li>
 *   <li>propagation: {@link PropagationSettings#defaults()}</li>
 *   <li>renewal: {@link RenewalSettings#defaults()} (ARI where offered, else when a third of the lifetime remains;
 *       checked every minute)</li>
 *   <li>health: {@link HealthThresholds#defaults()} (warning at 30 days, critical at 7, for 90-day certificates)</li>
 *   <li>distribution: no targets</li>
 *   <li>checkpoints: {@link Checkpoints#ESSENTIAL} (a job writes what recovery needs: three transactions per
 *       issuance when nothing has to wait)</li>
 * </ul>
 */
public final class CertificateManagerBuilder {

    final List<Issuer> issuers = new ArrayList<>();
    final Map<String, DnsChallengeProvider> zones = new LinkedHashMap<>();
    DnsChallengeProvider defaultDns;
    CertificateStore store;
    KeyProtection keyProtection;
    Clock clock = Clock.systemUTC();
    ExecutorService executor;
    Scheduler scheduler;
    PropagationSettings propagation = PropagationSettings.defaults();
    final List<CertificateListener> listeners = new ArrayList<>();
    String instanceId;
    int maxConcurrentJobs = 32;
    Duration leaseDuration = Duration.ofMinutes(2);
    Duration jobPollInterval = Duration.ofSeconds(5);
    Duration orderTimeout = Duration.ofMinutes(10);
    Checkpoints checkpoints = Checkpoints.ESSENTIAL;
    Path defaultKekFile = Path.of(System.getProperty("user.home"), ".certpilot", "kek");
    RenewalSettings renewal = RenewalSettings.defaults();
    HealthThresholds health = HealthThresholds.defaults();
    final Map<String, DistributionTarget> targets = new LinkedHashMap<>();
    boolean distributionDryRun;

    CertificateManagerBuilder() {
    }

    /** Adds issuers, tried in the order they are added when one fails transiently (5xx, unreachable, 429). */
    public CertificateManagerBuilder issuer(Issuer... issuers) {
        for (Issuer i : issuers) {
            this.issuers.add(Objects.requireNonNull(i, "issuer"));
        }
        return this;
    }

    /** Publishes records of names in {@code zone} (and below it) through {@code provider}. */
    public CertificateManagerBuilder dns(String zone, DnsChallengeProvider provider) {
        zones.put(DomainNames.recordName(zone), Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Publishes records of names in no configured zone through {@code provider}; their zone is found by the
     * provider's {@link dev.certpilot.spi.ZoneLister} or an SOA lookup.
     */
    public CertificateManagerBuilder dns(DnsChallengeProvider provider) {
        this.defaultDns = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /** Where everything is stored (default: in memory). */
    public CertificateManagerBuilder store(CertificateStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** How private keys are encrypted before they reach the store. */
    public CertificateManagerBuilder keyProtection(KeyProtection keyProtection) {
        this.keyProtection = Objects.requireNonNull(keyProtection, "keyProtection");
        return this;
    }

    /** The clock for every timestamp and timeout (tests inject a controllable one). */
    public CertificateManagerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Runs job steps on this executor (not shut down by {@link CertificateManager#close()}). */
    public CertificateManagerBuilder executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Runs delayed work (polling, backoff, the renewal scheduler's checks) through this scheduler (tests inject a
     * manual one).
     */
    public CertificateManagerBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** How record propagation is checked. */
    public CertificateManagerBuilder propagation(PropagationSettings propagation) {
        this.propagation = Objects.requireNonNull(propagation, "propagation");
        return this;
    }

    /** Receives every event after it is stored. */
    public CertificateManagerBuilder listener(CertificateListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * The name of this instance among those sharing a store (default: host, process id and a random suffix). It
     * owns the leases of the jobs the instance works on.
     */
    public CertificateManagerBuilder instanceId(String instanceId) {
        this.instanceId = Checks.text("instanceId", instanceId, 128);
        return this;
    }

    /** The most jobs this instance works on at once (default 32). */
    public CertificateManagerBuilder maxConcurrentJobs(int maxConcurrentJobs) {
        if (maxConcurrentJobs < 1 || maxConcurrentJobs > 10_000) {
            throw Checks.invalid("maxConcurrentJobs must be 1 to 10000, was " + maxConcurrentJobs);
        }
        this.maxConcurrentJobs = maxConcurrentJobs;
        return this;
    }

    /**
     * How long a job stays claimed by this instance without a checkpoint or heartbeat (default 2 minutes). After
     * a crash, other instances take the job over once this has passed.
     */
    public CertificateManagerBuilder leaseDuration(Duration leaseDuration) {
        this.leaseDuration = positive("leaseDuration", leaseDuration);
        return this;
    }

    /** How often to look for jobs to resume or take over (default 5 s). */
    public CertificateManagerBuilder jobPollInterval(Duration interval) {
        this.jobPollInterval = positive("jobPollInterval", interval);
        return this;
    }

    /** How long to wait for the CA to validate and to issue (default 10 minutes each). */
    public CertificateManagerBuilder orderTimeout(Duration orderTimeout) {
        this.orderTimeout = positive("orderTimeout", orderTimeout);
        return this;
    }

    /**
     * How often a job writes its progress to the store (default {@link Checkpoints#ESSENTIAL}: what recovery
     * needs; {@link Checkpoints#EVERY_STEP}: every step, as it is reached).
     */
    public CertificateManagerBuilder checkpoints(Checkpoints checkpoints) {
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        return this;
    }

    /** Where the development-default key-encryption key is kept when no key protection is configured. */
    public CertificateManagerBuilder defaultKeyFile(Path file) {
        this.defaultKekFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** When and how certificates are renewed (default {@link RenewalSettings#defaults()}). */
    public CertificateManagerBuilder renewal(RenewalSettings renewal) {
        this.renewal = Objects.requireNonNull(renewal, "renewal");
        return this;
    }

    /** When certificates turn {@code WARNING} and {@code CRITICAL} (default {@link HealthThresholds#defaults()}). */
    public CertificateManagerBuilder healthThresholds(HealthThresholds thresholds) {
        this.health = Objects.requireNonNull(thresholds, "thresholds");
        return this;
    }

    /**
     * Adds distribution targets; requests name the ones their certificate goes to
     * ({@link CertificateRequest.Builder#distributeTo}). Every issued and renewed version is delivered to them.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} when two targets share a name
     */
    public CertificateManagerBuilder target(DistributionTarget... targets) {
        for (DistributionTarget t : targets) {
            Objects.requireNonNull(t, "target");
            String name = Checks.simpleName("target name", t.name());
            if (this.targets.putIfAbsent(name, t) != null) {
                throw Checks.invalid("two distribution targets are named '" + name + "'");
            }
        }
        return this;
    }

    /**
     * Makes every delivery a dry run (default off): targets change nothing and report what they would write, and
     * the reports land in the timeline as {@code cert.distributed} with {@code dryRun=true}.
     */
    public CertificateManagerBuilder distributionDryRun(boolean dryRun) {
        this.distributionDryRun = dryRun;
        return this;
    }

    /** The manager, not yet started. */
    public CertificateManager build() {
        return new DefaultCertificateManager(this);
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw Checks.invalid(name + " must be positive");
        }
        return d;
    }
}
