package dev.certpilot.testca.internal;

import dev.certpilot.testca.Endpoint;
import dev.certpilot.testca.Faults;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The scripted {@link Faults}: per endpoint a queue of faults consumed one per request. */
public final class FaultScript implements Faults {

    /**
     * One scripted fault.
     *
     * @param status HTTP status to fail with, or 0 for a delay only
     * @param delay  how long to hold the request
     */
    public record Fault(int status, Duration delay) {
    }

    private final Map<Endpoint, Deque<Fault>> queues = new EnumMap<>(Endpoint.class);

    @Override
    public synchronized Faults failNext(Endpoint endpoint, int count, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        return add(endpoint, count, new Fault(status, Duration.ZERO));
    }

    @Override
    public synchronized Faults delayNext(Endpoint endpoint, int count, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        return add(endpoint, count, new Fault(0, delay));
    }

    private Faults add(Endpoint endpoint, int count, Fault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        Deque<Fault> q = queues.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(fault);
        }
        return this;
    }

    /** Takes the next fault scripted for {@code endpoint}, if any. */
    public synchronized Optional<Fault> take(Endpoint endpoint) {
        Deque<Fault> q = queues.get(endpoint);
        return q == null ? Optional.empty() : Optional.ofNullable(q.poll());
    }

    @Override
    public synchronized void clear() {
        queues.clear();
    }

    @Override
    public synchronized int pending(Endpoint endpoint) {
        Deque<Fault> q = queues.get(endpoint);
        return q == null ? 0 : q.size();
    }
}
