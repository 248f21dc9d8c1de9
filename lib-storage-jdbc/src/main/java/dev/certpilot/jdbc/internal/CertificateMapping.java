package dev.certpilot.jdbc.internal;

import dev.certpilot.CertificateState;
import dev.certpilot.KeyType;
import dev.certpilot.spi.CertificateRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link CertificateRecord}s in the certificate table. Names, targets, labels and attributes are TextCodec text. */
public final class CertificateMapping extends RowMapping<CertificateRecord> {

    private static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("state", "names", "key_type", "csr_pem", "requested_issuer", "issuer",
                "profile", "auto_renew", "reuse_key", "labels", "tenant", "requested_by", "targets", "created_at",
                "updated_at", "version", "serial", "not_before", "not_after", "chain_pem"));
        c.addAll(Columns.key("key"));
        c.add("next_renewal_at");
        c.addAll(Columns.failure("failure"));
        c.addAll(List.of("consecutive_failures", "active_job_id", "attributes"));
        COLUMNS = List.copyOf(c);
    }

    /** The mapping onto a table. */
    public CertificateMapping(String table) {
        super("certificate", table, Columns.ID, COLUMNS,
                CertificateRecord::id, CertificateRecord::revision, (r, rev) -> r.toBuilder().revision(rev).build());
    }

    @Override
    public void bind(Binder b, CertificateRecord r) throws SQLException {
        b.bounded("state", r.state().name(), Columns.CODE)
                .string(TextCodec.encodeList(r.names()))
                .bounded("key_type", r.keyType().name(), Columns.CODE)
                .string(r.csrPem())
                .bounded("requested_issuer", r.requestedIssuer(), Columns.NAME)
                .bounded("issuer", r.issuer(), Columns.NAME)
                .string(r.profile())
                .bool(r.autoRenew())
                .bool(r.reuseKey())
                .string(TextCodec.encodeMap(r.labels()))
                .bounded("tenant", r.tenant(), Columns.NAME)
                .string(r.requestedBy())
                .string(TextCodec.encodeList(r.targets()))
                .instant(r.createdAt())
                .instant(r.updatedAt())
                .integer(r.version())
                .string(r.serial())
                .instant(r.notBefore())
                .instant(r.notAfter())
                .string(r.chainPem());
        Columns.bindKey(b, "key", r.key());
        b.instant(r.nextRenewalAt());
        Columns.bindFailure(b, "failure", r.failure());
        b.integer(r.consecutiveFailures())
                .bounded("active_job_id", r.activeJobId(), Columns.ID)
                .string(TextCodec.encodeMap(r.attributes()));
    }

    @Override
    public CertificateRecord read(RowReader row, String id, long revision) throws SQLException {
        return new CertificateRecord(id, revision,
                row.enumValue("state", CertificateState.class),
                row.list("names"),
                row.enumValue("key_type", KeyType.class),
                row.optionalString("csr_pem"),
                row.optionalString("requested_issuer"),
                row.optionalString("issuer"),
                row.optionalString("profile"),
                row.bool("auto_renew"),
                row.bool("reuse_key"),
                row.map("labels"),
                row.optionalString("tenant"),
                row.optionalString("requested_by"),
                row.list("targets"),
                row.instant("created_at"),
                row.instant("updated_at"),
                row.integer("version"),
                row.optionalString("serial"),
                row.optionalInstant("not_before"),
                row.optionalInstant("not_after"),
                row.optionalString("chain_pem"),
                Columns.readKey(row, "key"),
                row.optionalInstant("next_renewal_at"),
                Columns.readFailure(row, "failure"),
                row.integer("consecutive_failures"),
                row.optionalString("active_job_id"),
                row.map("attributes"));
    }
}
