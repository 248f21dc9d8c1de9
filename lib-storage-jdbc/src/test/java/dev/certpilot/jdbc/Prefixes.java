package dev.certpilot.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

/** Fresh table prefixes, so a test can have a schema of its own in a shared database. */
public final class Prefixes {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 46_656, 36);

    private Prefixes() {
    }

    /** A prefix not used before in this database, e.g. {@code up_k3_7_}. */
    public static String fresh(String what) {
        return what + "_" + RUN + "_" + NEXT.incrementAndGet() + "_";
    }
}
