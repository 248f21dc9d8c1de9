package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes records with optimistic revisions: revision 0 inserts (an existing id is a
 * {@code STORE_CONFLICT}), any other revision updates only while the stored revision is unchanged
 * ({@code UPDATE ... WHERE id = ? AND revision = ?}; an update count of 0 is a {@code STORE_CONFLICT}).
 *
 * @param <T> the record type
 */
public final class VersionedRows<T> {

    private final RowMapping<T> mapping;
    private final String selectColumns;
    private final String insert;
    private final String update;

    /** SQL for one mapping. */
    public VersionedRows(RowMapping<T> mapping) {
        this.mapping = mapping;
        List<String> columns = mapping.columns();
        this.selectColumns = "id, revision, row_format, " + String.join(", ", columns);
        this.insert = "INSERT INTO " + mapping.table() + " (" + selectColumns + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size() + 3, "?")) + ")";
        this.update = "UPDATE " + mapping.table() + " SET revision = ?, row_format = ?, "
                + String.join(" = ?, ", columns) + " = ? WHERE id = ? AND revision = ?";
    }

    /** The mapping. */
    public RowMapping<T> mapping() {
        return mapping;
    }

    /** {@code id, revision, row_format} and the data columns, for SELECT lists. */
    public String selectColumns() {
        return selectColumns;
    }

    /**
     * Inserts or updates a record.
     *
     * @return the record as stored, with its new revision
     * @throws CertpilotException {@code STORE_CONFLICT} when the id exists (insert) or the revision changed
     */
    public T save(Connection c, T record) throws SQLException {
        String id = mapping.id(record);
        long revision = mapping.revision(record);
        if (revision == 0) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                Binder b = new Binder(ps, mapping.table())
                        .bounded("id", id, mapping.maxIdLength()).number(1).integer(RowReader.ROW_FORMAT);
                mapping.bind(b, record);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new CertpilotException(ErrorCode.STORE_CONFLICT,
                            mapping.entity() + " " + id + " already exists (table " + mapping.table() + ")", e);
                }
                throw e;
            }
            return mapping.withRevision(record, 1);
        }
        if (update(c, record, update) != 1) {
            throw staleRevision(c, id, revision);
        }
        return mapping.withRevision(record, revision + 1);
    }

    /**
     * Updates a record (revision above 0) only while its stored revision is unchanged <em>and</em> the stored row
     * matches {@code condition} ({@code column = ?} terms joined by {@code AND}, bound to {@code values}): one
     * statement where a caller would otherwise lock and read the row first.
     *
     * @return the record as stored, with its new revision; empty when nothing was updated (the revision changed,
     *         the row is gone, or the condition does not hold)
     */
    public Optional<T> updateIf(Connection c, T record, String condition, String... values) throws SQLException {
        long revision = mapping.revision(record);
        if (revision == 0) {
            throw new IllegalArgumentException("updateIf needs a stored record, not revision 0");
        }
        if (update(c, record, update + " AND " + condition, values) != 1) {
            return Optional.empty();
        }
        return Optional.of(mapping.withRevision(record, revision + 1));
    }

    /**
     * Runs {@code sql}, the update statement (optionally with further conditions), for {@code record} at its
     * revision, binding {@code conditionValues} after the id and revision; returns the update count.
     */
    private int update(Connection c, T record, String sql, String... conditionValues) throws SQLException {
        long revision = mapping.revision(record);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Binder b = new Binder(ps, mapping.table()).number(revision + 1).integer(RowReader.ROW_FORMAT);
            mapping.bind(b, record);
            b.string(mapping.id(record)).number(revision);
            for (String v : conditionValues) {
                b.string(v);
            }
            return ps.executeUpdate();
        }
    }

    /** The conflict for a write expecting {@code expected}, naming the revision actually stored. */
    public CertpilotException staleRevision(Connection c, String id, long expected) throws SQLException {
        Optional<Long> current = currentRevision(c, id);
        return new CertpilotException(ErrorCode.STORE_CONFLICT, mapping.entity() + " " + id
                + (current.isEmpty() ? " does not exist" : " has revision " + current.get() + ", not " + expected)
                + " (table " + mapping.table() + ")");
    }

    /** The stored revision of a row, if it exists. */
    public Optional<Long> currentRevision(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + mapping.table() + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The record with this id. */
    public Optional<T> find(Connection c, String id) throws SQLException {
        List<T> found = query(c, "WHERE id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Records selected by a clause with string parameters.
     *
     * @param clause what follows {@code SELECT <columns> FROM <table>}: WHERE, ORDER BY, LIMIT
     */
    public List<T> query(Connection c, String clause, List<?> parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + selectColumns + " FROM " + mapping.table()
                + " " + clause)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            return readAll(ps);
        }
    }

    /** Runs a prepared query that selects {@link #selectColumns()} and reads every row. */
    public List<T> readAll(PreparedStatement ps) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    /** Reads the current row. */
    public T read(ResultSet rs) throws SQLException {
        RowReader row = RowReader.of(rs, mapping.table(), "id");
        return mapping.read(row, row.id(), rs.getLong("revision"));
    }
}
