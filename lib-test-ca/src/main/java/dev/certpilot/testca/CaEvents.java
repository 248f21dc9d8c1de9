package dev.certpilot.testca;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The event log of a {@link TestCa}, in the order events happened. Thread-safe. */
public interface CaEvents {

    /** Every event so far. */
    List<CaEvent> all();

    /** The events of one type so far. */
    List<CaEvent> ofType(CaEvent.Type type);

    /**
     * Waits (real time) until an event matching {@code filter} has been logged, including events logged before
     * the call, and returns the first such event.
     *
     * @throws IllegalStateException when none comes within {@code timeout} (its cause is a
     *                               {@link java.util.concurrent.TimeoutException}) or the thread is interrupted
     */
    CaEvent await(Predicate<CaEvent> filter, Duration timeout);

    /** Waits for the first event of {@code type}, see {@link #await(Predicate, Duration)}. */
    default CaEvent await(CaEvent.Type type, Duration timeout) {
        return await(e -> e.type() == type, timeout);
    }

    /** Forgets every event logged so far. */
    void clear();
}
