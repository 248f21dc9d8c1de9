package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.time.Instant;

/**
 * Instants as stored: microseconds since the epoch (UTC) in BIGINT columns. Exact for the JDK's system clock
 * (microsecond resolution); finer digits are cut off, like a database timestamp would.
 */
public final class Micros {

    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    /** The instant as epoch microseconds. */
    public static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "instant " + instant
                    + " is outside what the store can keep (epoch microseconds in 64 bits)");
        }
    }

    /** The instant of epoch microseconds. */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000);
    }

    /** The instant as the store keeps it: cut to whole microseconds. */
    public static Instant truncate(Instant instant) {
        return toInstant(of(instant));
    }
}
