package dev.certpilot.jdbc.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by an offset that tests advance (the CA's and the managers' time, so that issued
 * certificates come due for renewal without waiting for months). It keeps ticking in real time, as leases, polling
 * and timeouts need.
 */
final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** How far this clock is ahead of the system clock. */
    Duration offset() {
        return offset.get();
    }

    /** Moves this clock {@code by} further ahead and returns the new offset. */
    Duration advance(Duration by) {
        return offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a shifted clock is always UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
