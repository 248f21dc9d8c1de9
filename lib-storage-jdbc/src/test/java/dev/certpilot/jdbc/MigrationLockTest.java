package dev.certpilot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.jdbc.internal.MigrationLock;
import dev.certpilot.jdbc.internal.SqlDialect;
import dev.certpilot.jdbc.internal.Tables;
import dev.certpilot.jdbc.testdb.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The schema migration lock really makes a second migrator wait until the first is done. */
abstract class MigrationLockTest {

    /** The database under test. */
    abstract TestDatabase database();

    @Test
    void aSecondMigratorWaitsUntilTheFirstReleases() throws Exception {
        Tables tables = new Tables(Prefixes.fresh("lock"));
        SqlDialect dialect = new SqlDialect(database().dialect());
        CountingClock clock = new CountingClock();
        try (Connection first = database().primary().getConnection();
             Connection second = database().second().getConnection()) {
            boolean transactional = dialect.hasTransactionalDdl();
            first.setAutoCommit(!transactional);
            second.setAutoCommit(!transactional);
            MigrationLock firstLock = new MigrationLock(dialect, tables, clock);
            firstLock.acquire(first);

            MigrationLock secondLock = new MigrationLock(dialect, tables, clock);
            int callsBefore = clock.calls.get();
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    secondLock.acquire(second);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            waitUntil(() -> isWaiting(clock, callsBefore));
            assertThat(waiting).as("the second migrator holds the lock too").isNotDone();

            firstLock.release(first);
            if (transactional) {
                first.commit();
            }
            waiting.get(30, TimeUnit.SECONDS);
            secondLock.release(second);
            if (transactional) {
                second.commit();
            }
        }
    }

    /** Whether the second migrator is blocked: seen by the server, or (H2) by its repeated attempts. */
    private boolean isWaiting(CountingClock clock, int callsBefore) {
        String sql = switch (database().dialect()) {
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";
            case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE"
                    + " 'SELECT GET_LOCK%'";
            case H2 -> null;
        };
        if (sql == null) {
            return clock.calls.get() >= callsBefore + 3;
        }
        try (Connection c = database().primary().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition for at most 30 s (the other side is a thread or a server session, not a timer). */
    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the second migrator to block").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** The system clock, counting how often the H2 lock consults it (once per attempt). */
    private static final class CountingClock extends Clock {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            calls.incrementAndGet();
            return Instant.now();
        }
    }
}
