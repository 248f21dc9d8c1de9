package dev.certpilot.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids in the UUID version 7 layout (RFC 9562): 48 bits of Unix milliseconds, then randomness, printed
 * as the usual 36-character lower-case string. Lexicographic order of the strings is creation order, which is what
 * lets stores page by id. Ids made within one millisecond by one generator stay ordered (a counter in the random
 * bits).
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {
    }

    /** A new id from the system clock. */
    public static String next() {
        return next(Clock.systemUTC());
    }

    /** A new id whose time part comes from {@code clock} (never going backwards within this JVM). */
    public static String next(Clock clock) {
        long millis = clock.millis();
        // 48-bit time, then a 12-bit sequence that keeps ids of the same millisecond ordered
        long stamp = LAST.updateAndGet(prev -> {
            long candidate = millis << 12;
            return candidate > prev ? candidate : prev + 1;
        });
        long msb = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }
}
