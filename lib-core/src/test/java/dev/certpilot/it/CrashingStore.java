package dev.certpilot.it;

import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A store that lets a manager "die" right after it checkpointed a given step: the commit is stored, then an
 * {@link Error} (which the engine does not handle, as it would not handle a killed JVM) unwinds the job's thread.
 * Once crashed, it refuses every further write of that manager, like a dead process.
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
    private volatile boolean crashed;

    CrashingStore(CertificateStore delegate, String crashAfterStep) {
        super(delegate);
        this.crashAfterStep = crashAfterStep;
    }

    boolean crashed() {
        return crashed;
    }

    @Override
    public Commit commit(Commit commit) {
        if (crashed) {
            throw new SimulatedCrash("(dead)");
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
