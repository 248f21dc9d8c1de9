package dev.certpilot.jdbc.internal;

import dev.certpilot.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases, each one row. Acquiring is a conditional update (the caller holds it, or it expired) and, when no
 * row exists, an insert; each statement is auto-committed on its own. An insert that loses the race to another
 * instance's insert hits the primary key and the update is tried once more, so exactly one contender wins;
 * a contender whose update meets a concurrent change (H2 reports those as errors) has lost.
 */
public final class LeaseRows {

    private final Tables tables;

    /** Leases in the store's tables. */
    public LeaseRows(Tables tables) {
        this.tables = tables;
    }

    /** Takes or extends a lease (the connection is in auto-commit). */
    public Optional<Lease> tryAcquire(Connection c, String name, String owner, Instant now, Duration ttl)
            throws SQLException {
        Instant until = Micros.truncate(now.plus(ttl));
        Optional<Lease> won = Optional.of(new Lease(name, owner, until));
        if (update(c, name, owner, now, until)) {
            return won;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.lease()
                + " (name, owner, expires_at) VALUES (?, ?, ?)")) {
            new Binder(ps, tables.lease()).bounded("name", name, Columns.NAME).bounded("owner", owner, Columns.NAME)
                    .instant(until);
            ps.executeUpdate();
            return won;
        } catch (SQLException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
        }
        // a contender inserted the row first: it may since have expired, or be ours after all
        return update(c, name, owner, now, until) ? won : Optional.empty();
    }

    /** Releases a lease if {@code owner} holds it. */
    public void release(Connection c, String name, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.lease()
                + " WHERE name = ? AND owner = ?")) {
            ps.setString(1, name);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    /** The conditional update; a concurrent change of the row (H2 reports it as an error) means someone else won. */
    private boolean update(Connection c, String name, String owner, Instant now, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.lease() + " SET owner = ?,"
                + " expires_at = ? WHERE name = ? AND (owner = ? OR expires_at <= ?)")) {
            new Binder(ps, tables.lease()).bounded("owner", owner, Columns.NAME).instant(until).string(name)
                    .string(owner).instant(now);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.isConcurrencyFailure(e) || SqlErrors.isLockTimeout(e)) {
                return false;
            }
            throw e;
        }
    }
}
