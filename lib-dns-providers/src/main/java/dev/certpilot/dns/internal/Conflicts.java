package dev.certpilot.dns.internal;

import dev.certpilot.spi.DnsProviderException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Retries a read-modify-write that the service refused because the record set changed between the read and the write
 * (Route 53's {@code InvalidChangeBatch}, Cloud DNS's 412/409, Azure's 412 on {@code If-Match}): the action reads again,
 * so a retry works on fresh data. Not an HTTP retry: no pause, and any other failure ends it at once.
 */
public final class Conflicts {

    private Conflicts() {
    }

    /**
     * Runs {@code readModifyWrite}, again while it fails with a conflict, {@code maxTries} times in all.
     *
     * @throws DnsProviderException the last conflict, or the first other failure
     */
    public static void retry(int maxTries, Predicate<DnsProviderException> isConflict, Runnable readModifyWrite) {
        Objects.requireNonNull(isConflict, "isConflict");
        for (int attempt = 1; ; attempt++) {
            try {
                readModifyWrite.run();
                return;
            } catch (DnsProviderException e) {
                if (attempt >= maxTries || !isConflict.test(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether the failure has one of these HTTP statuses. */
    public static Predicate<DnsProviderException> status(int... statuses) {
        return e -> java.util.Arrays.stream(statuses).anyMatch(s -> e.httpStatus().orElse(0) == s);
    }
}
