package dev.certpilot.internal.engine;

import dev.certpilot.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Scheduler}: one daemon timer thread that hands due tasks to the manager's executor, so a
 * slow task never delays the others.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;
    private final Executor executor;

    /** A scheduler whose tasks run on {@code executor}. */
    public SystemScheduler(Executor executor) {
        this.executor = executor;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "certpilot-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable task) {
        long nanos = Math.max(0, delay.toNanos());
        return timer.schedule(() -> executor.execute(task), nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
