package dev.certpilot.dns;

import java.time.Duration;

/**
 * Waits between retries. Providers never call {@link Thread#sleep} directly, so tests inject a sleeper that records
 * the requested pauses and returns at once.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /**
     * Pauses the calling thread.
     *
     * @param duration how long, never negative
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
