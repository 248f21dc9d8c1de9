package dev.certpilot.testing;

import dev.certpilot.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Scheduler} driven by a {@link MutableClock}: tasks run only when the test moves time past their due
 * time ({@link #advance}), on the given executor (or in the calling thread). Nothing waits on real time.
 * Published in certpilot-core's test-jar.
 */
public final class ManualScheduler implements Scheduler {

    private record Task(Instant due, long seq, Runnable body, CompletableFuture<Void> handle) {
    }

    private final MutableClock clock;
    private final Executor executor;
    private final AtomicLong seq = new AtomicLong();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing(Task::due).thenComparingLong(Task::seq));

    /** Tasks run on {@code executor} when due. */
    public ManualScheduler(MutableClock clock, Executor executor) {
        this.clock = clock;
        this.executor = executor;
    }

    /** Tasks run in the thread that advances time. */
    public ManualScheduler(MutableClock clock) {
        this(clock, Runnable::run);
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable task) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        synchronized (tasks) {
            tasks.add(new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay),
                    seq.incrementAndGet(), task, handle));
        }
        return handle;
    }

    /** Runs every task already due (without moving the clock); returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (tasks) {
                next = tasks.peek();
                if (next == null || next.due().isAfter(clock.instant())) {
                    return ran;
                }
                tasks.poll();
            }
            if (!next.handle().isCancelled()) {
                ran++;
                Task t = next;
                executor.execute(() -> {
                    t.body().run();
                    t.handle().complete(null);
                });
            }
        }
    }

    /** Moves the clock by {@code d} and runs every task that became due. */
    public int advance(Duration d) {
        clock.advance(d);
        return runDue();
    }

    /** Tasks waiting, due time first (cancelled ones excluded). */
    public List<Instant> pending() {
        synchronized (tasks) {
            List<Instant> out = new ArrayList<>();
            tasks.stream().filter(t -> !t.handle().isCancelled()).sorted(tasks.comparator())
                    .forEach(t -> out.add(t.due()));
            return out;
        }
    }

    /** The clock this scheduler follows. */
    public MutableClock clock() {
        return clock;
    }
}
