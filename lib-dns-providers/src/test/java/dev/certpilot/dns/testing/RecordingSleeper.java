package dev.certpilot.dns.testing;

import dev.certpilot.dns.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that records every pause asked for and returns at once: tests never sleep for real. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> sleeps = new ArrayList<>();

    /** Records the pause and returns immediately. */
    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
    }

    /** The pauses asked for so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Forgets the recorded pauses. */
    public synchronized void clear() {
        sleeps.clear();
    }
}
