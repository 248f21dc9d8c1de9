package dev.certpilot.jdbc.internal;

import dev.certpilot.spi.ApprovalRecord;
import dev.certpilot.spi.ApprovalStatus;
import java.sql.SQLException;
import java.util.List;

/** {@link ApprovalRecord}s in the approval table (schema version 2). */
public final class ApprovalMapping extends RowMapping<ApprovalRecord> {

    private static final List<String> COLUMNS = List.of("certificate_id", "tenant", "requested_by", "status",
            "reasons", "decided_by", "decided_at", "decision_comment", "created_at", "updated_at");

    /** The mapping onto a table. */
    public ApprovalMapping(String table) {
        super("approval", table, Columns.ID, COLUMNS,
                ApprovalRecord::id, ApprovalRecord::revision, ApprovalRecord::withRevision);
    }

    @Override
    public void bind(Binder b, ApprovalRecord r) throws SQLException {
        b.bounded("certificate_id", r.certificateId(), Columns.ID)
                .bounded("tenant", r.tenant(), Columns.NAME)
                .string(r.requestedBy())
                .bounded("status", r.status().name(), Columns.CODE)
                .string(TextCodec.encodeList(r.reasons()))
                .string(r.decidedBy())
                .instant(r.decidedAt())
                .string(r.comment().map(TextCodec::escapeText))
                .instant(r.createdAt())
                .instant(r.updatedAt());
    }

    @Override
    public ApprovalRecord read(RowReader row, String id, long revision) throws SQLException {
        return new ApprovalRecord(id, revision, row.string("certificate_id"), row.optionalString("tenant"),
                row.optionalString("requested_by"), row.enumValue("status", ApprovalStatus.class),
                row.list("reasons"), row.optionalString("decided_by"), row.optionalInstant("decided_at"),
                row.optionalText("decision_comment"), row.instant("created_at"), row.instant("updated_at"));
    }
}
