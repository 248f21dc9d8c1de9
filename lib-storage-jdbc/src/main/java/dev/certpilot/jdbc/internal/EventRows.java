package dev.certpilot.jdbc.internal;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The event timeline. Sequences come from a counter row that every appending transaction updates: the row lock
 * makes appenders commit in sequence order, so a reader polling {@link #after} never sees sequence {@code n + 1}
 * before {@code n} has committed (an identity column would let a later sequence commit first and a poller skip
 * the earlier one for good).
 */
public final class EventRows {

    private static final String COLUMNS = "seq, row_format, certificate_id, event_type, occurred_at, details";

    private final Tables tables;
    private final SqlDialect.CounterRead counterRead;

    /**
     * Events in the store's tables.
     *
     * @param counterRead how the database reads the counter back in the statement that increments it (one round
     *                    trip per append)
     */
    public EventRows(Tables tables, SqlDialect.CounterRead counterRead) {
        this.tables = tables;
        this.counterRead = counterRead;
    }

    /** Appends events in order, inside the caller's transaction; returns them with their sequences. */
    public List<CertificateEvent> append(Connection c, List<CertificateEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        long last = reserve(c, events.size());
        long next = last - events.size() + 1;
        List<CertificateEvent> stored = new ArrayList<>(events.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.event() + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CertificateEvent e : events) {
                CertificateEvent s = e.withSequence(next++);
                new Binder(ps, tables.event()).number(s.sequence()).integer(RowReader.ROW_FORMAT)
                        .bounded("certificate_id", s.certificateId(), Columns.ID)
                        .bounded("event_type", s.type().code(), Columns.CODE)
                        .instant(s.at())
                        .string(TextCodec.encodeMap(s.details()));
                ps.addBatch();
                stored.add(s);
            }
            ps.executeBatch();
        }
        return stored;
    }

    /** The events of one certificate in sequence order. */
    public List<CertificateEvent> timeline(Connection c, String certificateId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.event()
                + " WHERE certificate_id = ? ORDER BY seq")) {
            ps.setString(1, certificateId);
            return readAll(ps);
        }
    }

    /** Events with a sequence greater than {@code afterSequence}, in order, at most {@code limit}. */
    public List<CertificateEvent> after(Connection c, long afterSequence, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + tables.event()
                + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSequence);
            ps.setInt(2, limit);
            return readAll(ps);
        }
    }

    private long reserve(Connection c, int count) throws SQLException {
        String where = " WHERE name = 'event'";
        switch (counterRead) {
            case UPDATE_RETURNING:
                return queryCounter(c, "UPDATE " + tables.counter() + " SET last_value = last_value + ?" + where
                        + " RETURNING last_value", count);
            case FINAL_TABLE:
                return queryCounter(c, "SELECT last_value FROM FINAL TABLE (UPDATE " + tables.counter()
                        + " SET last_value = last_value + ?" + where + ")", count);
            case LAST_INSERT_ID:
            default:
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.counter()
                        + " SET last_value = LAST_INSERT_ID(last_value + ?)" + where, Statement.RETURN_GENERATED_KEYS)) {
                    ps.setLong(1, count);
                    if (ps.executeUpdate() != 1) {
                        throw missingCounter();
                    }
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (keys.next() && keys.getLong(1) > 0) {
                            return keys.getLong(1);
                        }
                    }
                }
                // a driver that does not pass the server's last insert id on: read the row (locked by the update)
                return queryCounter(c, "SELECT last_value FROM " + tables.counter() + where);
        }
    }

    /** The counter a query answers, binding {@code params} in order. */
    private long queryCounter(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missingCounter();
                }
                return rs.getLong(1);
            }
        }
    }

    private CertpilotException missingCounter() {
        return new CertpilotException(ErrorCode.STORE_ERROR, "the event counter row is missing from table "
                + tables.counter() + "; the schema was not created by certpilot's scripts");
    }

    private List<CertificateEvent> readAll(PreparedStatement ps) throws SQLException {
        List<CertificateEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RowReader row = RowReader.of(rs, tables.event(), "seq");
                String code = row.string("event_type");
                EventType type;
                try {
                    type = EventType.ofCode(code);
                } catch (IllegalArgumentException e) {
                    throw row.corrupt("event_type", "holds '" + code + "', not a known event type");
                }
                out.add(new CertificateEvent(row.number("seq"), row.string("certificate_id"), type,
                        row.instant("occurred_at"), row.map("details")));
            }
        }
        return out;
    }
}
