package dev.certpilot.jdbc.internal;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.spi.CertificateRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Certificates: the certificate row plus its derived rows in the names and labels tables, written in the same
 * transaction. The encoded {@code names} and {@code labels} columns are what records are read from; the derived
 * tables only serve {@link CertificateFilter} lookups and are rewritten only when names or labels change.
 */
public final class CertificateRows {

    /** The longest name a certificate may have (RFC 1035), the size of the names table's column. */
    public static final int MAX_NAME = 253;

    private final Tables tables;
    private final VersionedRows<CertificateRecord> rows;
    private final boolean dueFilterFirst;

    /**
     * Certificates in the store's tables.
     *
     * @param dueFilterFirst whether pages of due renewals select the due rows first (PostgreSQL: a materialized
     *                       CTE), see {@link #listSql}
     */
    public CertificateRows(Tables tables, boolean dueFilterFirst) {
        this.tables = tables;
        this.rows = new VersionedRows<>(new CertificateMapping(tables.certificate()));
        this.dueFilterFirst = dueFilterFirst;
    }

    /** Inserts or updates a certificate; see {@link VersionedRows#save}. */
    public CertificateRecord save(Connection c, CertificateRecord record) throws SQLException {
        for (String name : record.names()) {
            if (name.length() > MAX_NAME) {
                throw new CertpilotException(ErrorCode.STORE_ERROR, "certificate " + record.id() + " has a name of "
                        + name.length() + " characters; names are at most " + MAX_NAME);
            }
        }
        if (record.revision() == 0) {
            CertificateRecord stored = rows.save(c, record);
            insertNames(c, record);
            insertLabels(c, record);
            return stored;
        }
        String names = TextCodec.encodeList(record.names());
        String labels = TextCodec.encodeMap(record.labels());
        // names and labels rarely change: then one conditional update is all (no row lock and read first)
        Optional<CertificateRecord> unchangedIndex = rows.updateIf(c, record, "names = ? AND labels = ?", names,
                labels);
        if (unchangedIndex.isPresent()) {
            return unchangedIndex.get();
        }
        String oldNames;
        String oldLabels;
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, names, labels FROM " + tables.certificate()
                + " WHERE id = ? FOR UPDATE")) {
            ps.setString(1, record.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != record.revision()) {
                    throw rows.staleRevision(c, record.id(), record.revision());
                }
                oldNames = rs.getString(2);
                oldLabels = rs.getString(3);
            }
        }
        CertificateRecord stored = rows.save(c, record);
        if (!oldNames.equals(names)) {
            deleteChildren(c, tables.certificateName(), record.id());
            insertNames(c, record);
        }
        if (!oldLabels.equals(labels)) {
            deleteChildren(c, tables.certificateLabel(), record.id());
            insertLabels(c, record);
        }
        return stored;
    }

    /**
     * Deletes a certificate, its derived rows and its jobs.
     *
     * @throws CertpilotException {@code STORE_CONFLICT} when it is gone or its revision differs
     */
    public void delete(Connection c, String id, long expectedRevision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + tables.certificate()
                + " WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != expectedRevision) {
                    throw rows.staleRevision(c, id, expectedRevision);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.job() + " WHERE certificate_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        deleteChildren(c, tables.certificateName(), id);
        deleteChildren(c, tables.certificateLabel(), id);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.certificate()
                + " WHERE id = ? AND revision = ?")) {
            ps.setString(1, id);
            ps.setLong(2, expectedRevision);
            if (ps.executeUpdate() != 1) {
                throw rows.staleRevision(c, id, expectedRevision);
            }
        }
    }

    /** The certificate with this id. */
    public Optional<CertificateRecord> find(Connection c, String id) throws SQLException {
        return rows.find(c, id);
    }

    /** One page of the certificates matching a filter, in id order. */
    public Page<CertificateRecord> list(Connection c, CertificateFilter filter, PageRequest page) throws SQLException {
        CertificateQuery q = new CertificateQuery(filter, tables);
        page.after().ifPresent(q::after);
        try (PreparedStatement ps = c.prepareStatement(listSql(q, filter))) {
            ps.setInt(q.bind(ps), page.size() + 1);
            List<CertificateRecord> found = rows.readAll(ps);
            if (found.size() <= page.size()) {
                return new Page<>(found, Optional.empty());
            }
            List<CertificateRecord> items = found.subList(0, page.size());
            return new Page<>(items, Optional.of(items.get(items.size() - 1).id()));
        }
    }

    /**
     * The SQL of one page of a query: its parameters, then the page size plus one.
     *
     * <p>A page in id order invites a planner to walk the primary key and filter, expecting matches to be spread
     * evenly; when the due certificates cluster at the end of the id order (a batch issued together comes due
     * together) that walk reads the whole table. So on PostgreSQL a due-renewal page first collects the due ids
     * through the due index ({@code AS MATERIALIZED} fences the planner), then sorts just those: the cost follows
     * the number of due certificates, not the table size.
     */
    public String listSql(CertificateQuery q, CertificateFilter filter) {
        String select = "SELECT " + prefixed(rows.selectColumns()) + " FROM " + tables.certificate() + " c ";
        if (dueFilterFirst && filter.renewalDueBy().isPresent()) {
            return "WITH matching AS MATERIALIZED (SELECT c.id FROM " + tables.certificate() + " c " + q.where()
                    + ") " + select + "WHERE c.id IN (SELECT id FROM matching ORDER BY id LIMIT ?) ORDER BY c.id";
        }
        return select + q.where() + " ORDER BY c.id LIMIT ?";
    }

    /** How many certificates match a filter. */
    public long count(Connection c, CertificateFilter filter) throws SQLException {
        CertificateQuery q = new CertificateQuery(filter, tables);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + tables.certificate() + " c "
                + q.where())) {
            q.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void insertNames(Connection c, CertificateRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.certificateName()
                + " (name, certificate_id) VALUES (?, ?)")) {
            for (String name : new LinkedHashSet<>(r.names())) {
                ps.setString(1, name);
                ps.setString(2, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertLabels(Connection c, CertificateRecord r) throws SQLException {
        if (r.labels().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.certificateLabel()
                + " (certificate_id, label_key, label_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : r.labels().entrySet()) {
                ps.setString(1, r.id());
                ps.setString(2, TextCodec.escapeText(e.getKey()));
                ps.setString(3, TextCodec.escapeText(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void deleteChildren(Connection c, String table, String certificateId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE certificate_id = ?")) {
            ps.setString(1, certificateId);
            ps.executeUpdate();
        }
    }

    private static String prefixed(String columns) {
        return "c." + columns.replace(", ", ", c.");
    }
}
