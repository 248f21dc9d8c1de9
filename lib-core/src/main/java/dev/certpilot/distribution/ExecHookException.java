package dev.certpilot.distribution;

import java.util.OptionalInt;

/**
 * An {@link ExecHookTarget}'s command failed: it exited with a code other than 0, ran past its timeout and was
 * killed, or could not be started. Carries the exit code and the end of the command's output, redacted.
 */
public final class ExecHookException extends DistributionException {

    private static final long serialVersionUID = 1L;

    private final Integer exitCode;
    private final boolean timedOut;
    private final String output;

    ExecHookException(String target, String message, OptionalInt exitCode, boolean timedOut, String output,
                      Throwable cause) {
        super(target, message, cause);
        this.exitCode = exitCode.isPresent() ? exitCode.getAsInt() : null;
        this.timedOut = timedOut;
        this.output = output;
    }

    /** The command's exit code; empty when it was killed on timeout or never started. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** Whether the command ran past its timeout and was killed. */
    public boolean timedOut() {
        return timedOut;
    }

    /** The end of what the command printed (standard output and error), redacted; may be empty. */
    public String output() {
        return output;
    }
}
