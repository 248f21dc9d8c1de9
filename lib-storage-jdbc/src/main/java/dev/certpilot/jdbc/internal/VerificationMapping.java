package dev.certpilot.jdbc.internal;

import dev.certpilot.spi.DomainVerificationRecord;
import dev.certpilot.spi.VerificationStatus;
import java.sql.SQLException;
import java.util.List;

/** {@link DomainVerificationRecord}s in the domain verification table (schema version 2). */
public final class VerificationMapping extends RowMapping<DomainVerificationRecord> {

    private static final List<String> COLUMNS = List.of("tenant", "domain_name", "token", "status", "created_at",
            "updated_at", "verified_at", "expires_at");

    /** The mapping onto a table. */
    public VerificationMapping(String table) {
        super("domain verification", table, Columns.ID, COLUMNS,
                DomainVerificationRecord::id, DomainVerificationRecord::revision,
                DomainVerificationRecord::withRevision);
    }

    @Override
    public void bind(Binder b, DomainVerificationRecord r) throws SQLException {
        b.bounded("tenant", r.tenant(), Columns.NAME)
                .bounded("domain_name", r.domain(), Columns.NAME)
                .string(r.token())
                .bounded("status", r.status().name(), Columns.CODE)
                .instant(r.createdAt())
                .instant(r.updatedAt())
                .instant(r.verifiedAt())
                .instant(r.expiresAt());
    }

    @Override
    public DomainVerificationRecord read(RowReader row, String id, long revision) throws SQLException {
        return new DomainVerificationRecord(id, revision, row.optionalString("tenant"), row.string("domain_name"),
                row.string("token"), row.enumValue("status", VerificationStatus.class), row.instant("created_at"),
                row.instant("updated_at"), row.optionalInstant("verified_at"), row.optionalInstant("expires_at"));
    }
}
