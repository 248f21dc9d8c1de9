package dev.certpilot.spi;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs tasks later. The engine never sleeps: every wait (propagation polling, CA polling, retry backoff, renewal
 * checks) is a task handed to the scheduler, so tests can replace it with a manual one and drive time without
 * waiting. Tasks are short and hand real work to the manager's executor.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now (as measured by the manager's clock for manual schedulers).
     *
     * @return a future that can cancel the task
     */
    Future<?> schedule(Duration delay, Runnable task);
}
