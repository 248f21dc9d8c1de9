package dev.certpilot.internal.engine;

import dev.certpilot.internal.dns.Route;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs: those this instance creates (at once) and those it claims from the store (unfinished jobs after a
 * restart, jobs of an instance whose lease expired, jobs that could not start for lack of capacity). At most
 * {@code capacity} jobs run at a time; waiting jobs count, since they hold a lease.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Engine engine;
    private final int capacity;
    private final Duration pollInterval;
    private final Map<String, JobExecution> running = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Future<?>> nextPoll = new AtomicReference<>();
    private final Object pollLock = new Object();
    /**
     * Whether claimable jobs may be waiting (a job was queued for lack of capacity, or the last poll filled every
     * free slot): then a finished job makes room for one at once; otherwise the periodic poll finds the rare
     * others (another instance's expired leases), and finishing a job costs no store query.
     */
    private final AtomicBoolean backlog = new AtomicBoolean(true);

    /**
     * Creates a runner.
     *
     * @param capacity     the most jobs this instance works on at once
     * @param pollInterval how often to look for claimable jobs
     */
    public JobRunner(Engine engine, int capacity, Duration pollInterval) {
        this.engine = engine;
        this.capacity = capacity;
        this.pollInterval = pollInterval;
    }

    /** Starts polling the store for claimable jobs (resuming unfinished ones at once). */
    public void start() {
        if (started.compareAndSet(false, true)) {
            periodicPoll();
        }
    }

    /** Whether this instance can start another job now. */
    public boolean hasCapacity() {
        return running.size() < capacity;
    }

    /**
     * Starts a job this instance just created and leased.
     *
     * @param job    the job as stored
     * @param cert   its certificate as stored in the same commit (the job does not read it again)
     * @param routes the routes computed for the request, reused by the job, or {@code null}
     */
    public void startLocal(JobRecord job, CertificateRecord cert, Map<String, Route> routes) {
        launch(new JobExecution(engine, this, job, cert, routes, false));
    }

    /** Looks for claimable jobs soon: a job was queued in the store for lack of capacity. */
    public void pollSoon(Duration delay) {
        backlog.set(true);
        schedulePoll(delay);
    }

    private void schedulePoll(Duration delay) {
        if (!started.get() || closed.get()) {
            return;
        }
        engine.scheduler().schedule(delay, this::poll);
    }

    /** How many jobs this instance is working on. */
    public int running() {
        return running.size();
    }

    /**
     * Stops this instance's execution of a job that was cancelled or whose certificate was deleted, if it runs
     * here; it cleans up the records it published.
     */
    public void cancel(String jobId) {
        JobExecution execution = running.get(jobId);
        if (execution != null) {
            execution.cancel();
        }
    }

    void finished(JobExecution execution) {
        if (running.remove(execution.jobId(), execution) && backlog.get()) {
            schedulePoll(Duration.ZERO);
        }
    }

    private void poll() {
        if (closed.get()) {
            return;
        }
        try {
            synchronized (pollLock) {
                int free = capacity - running.size();
                if (free > 0) {
                    backlog.set(false);
                    List<JobRecord> claimed = engine.store().claimJobs(engine.instanceId(), engine.clock().instant(),
                            engine.leaseDuration(), free);
                    if (claimed.size() >= free) {
                        backlog.set(true);
                    }
                    for (JobRecord job : claimed) {
                        if (!running.containsKey(job.id())) {
                            LOG.info("Resuming job {} of certificate {} at step {}", job.id(), job.certificateId(),
                                    job.step());
                            launch(new JobExecution(engine, this, job, null, null, true));
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            backlog.set(true);
            LOG.warn("Looking for claimable jobs failed; trying again in {}", pollInterval, e);
        }
    }

    private void periodicPoll() {
        if (closed.get()) {
            return;
        }
        poll();
        nextPoll.set(engine.scheduler().schedule(pollInterval, this::periodicPoll));
    }

    private void launch(JobExecution execution) {
        if (running.putIfAbsent(execution.jobId(), execution) == null) {
            engine.executor().execute(execution::run);
        }
    }

    @Override
    public void close() {
        closed.set(true);
        Future<?> f = nextPoll.getAndSet(null);
        if (f != null) {
            f.cancel(false);
        }
    }
}
