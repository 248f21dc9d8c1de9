package dev.certpilot.jdbc.internal;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link CertificateFilter} as a SQL WHERE clause over the certificate table (alias {@code c}), with the same
 * meaning as {@link CertificateFilter#matches}: a name is looked up in the names table, labels in the labels
 * table (escaped with {@link TextCodec#escapeText}, as they are stored there), absent values (NULL) never match a
 * comparison.
 */
public final class CertificateQuery {

    private final StringBuilder where = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    /** The clause for a filter. */
    public CertificateQuery(CertificateFilter f, Tables tables) {
        if (!f.states().isEmpty()) {
            List<String> marks = new ArrayList<>();
            for (CertificateState s : f.states()) {
                marks.add("?");
                parameters.add(s.name());
            }
            and("c.state IN (" + String.join(", ", marks) + ")");
        }
        f.tenant().ifPresent(t -> and("c.tenant = ?", t));
        f.name().ifPresent(n -> and("EXISTS (SELECT 1 FROM " + tables.certificateName()
                + " n WHERE n.name = ? AND n.certificate_id = c.id)", n));
        for (Map.Entry<String, String> e : f.labels().entrySet()) {
            and("EXISTS (SELECT 1 FROM " + tables.certificateLabel() + " l WHERE l.certificate_id = c.id"
                    + " AND l.label_key = ? AND l.label_value = ?)", TextCodec.escapeText(e.getKey()),
                    TextCodec.escapeText(e.getValue()));
        }
        f.issuer().ifPresent(i -> and("(c.issuer = ? OR c.requested_issuer = ?)", i, i));
        f.autoRenew().ifPresent(a -> and("c.auto_renew = ?", a));
        f.notAfterBefore().ifPresent(t -> and("c.not_after < ?", Micros.of(t)));
        f.notAfterOnOrAfter().ifPresent(t -> and("c.not_after >= ?", Micros.of(t)));
        f.renewalDueBy().ifPresent(t -> and("c.next_renewal_at <= ?", Micros.of(t)));
        f.hasActiveJob().ifPresent(a -> and(a ? "c.active_job_id IS NOT NULL" : "c.active_job_id IS NULL"));
        f.failing().ifPresent(a -> and(a ? "c.failure_code IS NOT NULL" : "c.failure_code IS NULL"));
        f.keyNotWrappedBy().ifPresent(k -> and("c.key_kek_id <> ?", k));
    }

    /** Adds the keyset condition of a page: ids after {@code cursor}. */
    public CertificateQuery after(String cursor) {
        and("c.id > ?", cursor);
        return this;
    }

    /** {@code WHERE ...}, or the empty string when nothing is filtered. */
    public String where() {
        return where.isEmpty() ? "" : "WHERE " + where;
    }

    /** Binds the parameters from the first one on; returns the index of the next parameter. */
    public int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object p : parameters) {
            ps.setObject(i++, p);
        }
        return i;
    }

    private void and(String condition, Object... values) {
        if (!where.isEmpty()) {
            where.append(" AND ");
        }
        where.append(condition);
        parameters.addAll(List.of(values));
    }
}
