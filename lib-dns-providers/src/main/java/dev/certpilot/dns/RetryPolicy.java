package dev.certpilot.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * How an HTTP provider retries a request that failed transiently: HTTP 429, HTTP 5xx (except 501 and 505) or an I/O
 * error such as a refused connection or a timeout.
 *
 * <p>The pause before retry {@code n} (1-based) is {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff},
 * unless the service sent {@code Retry-After} (seconds or an HTTP date): then that pause is used. A
 * {@code Retry-After} longer than {@code maxRetryAfter} ends the retries at once, since waiting that long inside one
 * DNS operation would only hide the problem. There is no jitter: a DNS-01 issuance makes a handful of calls.
 *
 * @param maxAttempts    how many times a request is sent at most, including the first; 1 disables retries
 * @param initialBackoff the pause before the first retry
 * @param maxBackoff     the longest pause computed by backoff
 * @param maxRetryAfter  the longest {@code Retry-After} the provider is willing to wait for
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** Validates the components. */
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 20, was " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "initialBackoff");
        requireNonNegative(maxBackoff, "maxBackoff");
        requireNonNegative(maxRetryAfter, "maxRetryAfter");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
    }

    /** Four attempts, backoff 500 ms doubling up to 8 s, {@code Retry-After} honoured up to 2 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    /** A single attempt: failures are reported at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The backoff pause before retry number {@code retry} (1 for the first retry).
     *
     * @throws IllegalArgumentException when {@code retry} is less than 1
     */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        Duration delay = initialBackoff;
        for (int i = 1; i < retry && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
