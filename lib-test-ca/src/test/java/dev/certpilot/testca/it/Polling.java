package dev.certpilot.testca.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Polls an ACME resource until it reaches a status, the way a client that cares about latency does.
 *
 * <p>acme4j's own {@code waitForStatus} (behind {@code Challenge.waitForCompletion}, {@code Order.waitUntilReady}
 * and {@code Order.waitForCompletion}) fetches once at once and, when the server sends no {@code Retry-After},
 * then sleeps {@code PollableResource.DEFAULT_RETRY_AFTER}, 3 seconds, between fetches. Pebble 2.4 never sends
 * {@code Retry-After}, so every order would take at least 3 s per wait. This poller honours {@code Retry-After}
 * when the server sends it and otherwise backs off from 5 ms, doubling up to 200 ms, bounded by a deadline.
 */
public final class Polling {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    private Polling() {
    }

    /**
     * Fetches {@code resource} until its status is one of {@code statuses} and returns that status.
     *
     * @throws AcmeException when the deadline passes first (message names the last status seen)
     */
    public static Status await(PollableResource resource, Set<Status> statuses, Duration timeout)
            throws AcmeException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration backoff = FIRST_PAUSE;
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            Status status = resource.getStatus();
            if (statuses.contains(status)) {
                return status;
            }
            Instant now = Instant.now();
            if (!now.isBefore(deadline)) {
                throw new AcmeException("still " + status + " after " + timeout + ", waiting for " + statuses);
            }
            Duration pause = retryAfter.map(at -> Duration.between(now, at)).filter(d -> !d.isNegative()).orElse(backoff);
            Duration remaining = Duration.between(now, deadline);
            Thread.sleep(Math.max(1, Math.min(pause.toMillis(), remaining.toMillis())));
            backoff = backoff.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : backoff.multipliedBy(2);
        }
    }
}
