package dev.certpilot.it;

import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A store that lets a manager "die" right after it checkpointed a given step (or, with {@code before}, right before
 * that commit, after the work it records was done): the commit is stored (or not), then an {@link Error} (which the
 * engine does not handle, as it would not handle a killed JVM) unwinds the job's thread. Once crashed, it refuses
 * every further write of that manager, like a dead process.
 */
final class CrashingStore extends ForwardingStore {

    /** Thrown to simulate the process dying. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("simulated crash after checkpoint " + step, null, false, false);
        }
    }

    private final String crashAfterStep;
    private final boolean before;
    private volatile boolean crashed;

    CrashingStore(CertificateStore delegate, String crashAfterStep) {
        this(delegate, crashAfterStep, false);
    }

    CrashingStore(CertificateStore delegate, String crashStep, boolean before) {
        super(delegate);
        this.crashAfterStep = crashStep;
        this.before = before;
    }

    boolean crashed() {
        return crashed;
    }

    @Override
    public Commit commit(Commit commit) {
        if (crashed) {
            throw new SimulatedCrash("(dead)");
        }
        if (before && commit.job().map(JobRecord::step).filter(crashAfterStep::equals).isPresent()) {
            crashed = true;
            throw new SimulatedCrash("before " + crashAfterStep);
        }
        Commit stored = super.commit(commit);
        if (stored.job().map(JobRecord::step).filter(crashAfterStep::equals).isPresent()) {
            crashed = true;
            throw new SimulatedCrash(crashAfterStep);
        }
        return stored;
    }

    @Override
    public List<JobRecord> claimJobs(String owner, Instant now, Duration leaseTime, int limit) {
        if (crashed) {
            return List.of();
        }
        return super.claimJobs(owner, now, leaseTime, limit);
    }
}
