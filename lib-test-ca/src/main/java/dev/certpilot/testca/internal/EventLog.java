package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.CaEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** The in-memory {@link CaEvents}, bounded to the latest {@link #CAPACITY} events. */
public final class EventLog implements CaEvents {
    /** How many events are kept. */
    public static final int CAPACITY = 100_000;

    private final List<CaEvent> events = new ArrayList<>();

    /** Logs an event and wakes waiting threads. */
    public synchronized void publish(CaEvent event) {
        if (events.size() >= CAPACITY) {
            events.remove(0);
        }
        events.add(event);
        notifyAll();
    }

    @Override
    public synchronized List<CaEvent> all() {
        return List.copyOf(events);
    }

    @Override
    public synchronized List<CaEvent> ofType(CaEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @Override
    public synchronized CaEvent await(Predicate<CaEvent> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (filter.test(events.get(checked))) {
                    return events.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(new TimeoutException("no matching CA event within " + timeout));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a CA event", e);
            }
            checked = Math.min(checked, events.size());
        }
    }

    @Override
    public synchronized void clear() {
        events.clear();
    }
}
