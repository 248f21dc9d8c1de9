package dev.certpilot.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A clock whose instants are truncated to the microsecond, the finest precision stores keep, so a record read back
 * equals the one written. ({@code Clock.tick} with a sub-millisecond tick fails in {@code millis()}.)
 */
public final class MicrosClock extends Clock {

    private final Clock delegate;

    /** Truncates the instants of {@code delegate}. */
    public MicrosClock(Clock delegate) {
        this.delegate = delegate;
    }

    @Override
    public ZoneId getZone() {
        return delegate.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MicrosClock(delegate.withZone(zone));
    }

    @Override
    public Instant instant() {
        return delegate.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return delegate.millis();
    }
}
