package dev.certpilot.jdbc.internal;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.JobKind;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link JobRecord}s in the job table. The challenge records are one TextCodec list of four elements each
 * (zone, fqdn, value, ttl); the engine's data map is TextCodec text.
 */
public final class JobMapping extends RowMapping<JobRecord> {

    private static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("certificate_id", "kind", "status", "step", "issuer", "order_url",
                "records"));
        c.addAll(Columns.key("pending_key"));
        c.addAll(List.of("attempts", "next_run_at", "created_at", "updated_at", "lease_owner", "lease_until"));
        c.addAll(Columns.failure("failure"));
        c.add("data");
        COLUMNS = List.copyOf(c);
    }

    /** The mapping onto a table. */
    public JobMapping(String table) {
        super("job", table, Columns.ID, COLUMNS,
                JobRecord::id, JobRecord::revision, (r, rev) -> r.toBuilder().revision(rev).build());
    }

    @Override
    public void bind(Binder b, JobRecord r) throws SQLException {
        b.bounded("certificate_id", r.certificateId(), Columns.ID)
                .bounded("kind", r.kind().name(), Columns.CODE)
                .bounded("status", r.status().name(), Columns.CODE)
                .string(r.step())
                .string(r.issuer())
                .string(r.orderUrl())
                .string(encodeRecords(r.records()));
        Columns.bindKey(b, "pending_key", r.pendingKey());
        b.integer(r.attempts())
                .instant(r.nextRunAt())
                .instant(r.createdAt())
                .instant(r.updatedAt())
                .bounded("lease_owner", r.leaseOwner(), Columns.NAME)
                .instant(r.leaseUntil());
        Columns.bindFailure(b, "failure", r.failure());
        b.string(TextCodec.encodeMap(r.data()));
    }

    @Override
    public JobRecord read(RowReader row, String id, long revision) throws SQLException {
        return new JobRecord(id, revision,
                row.string("certificate_id"),
                row.enumValue("kind", JobKind.class),
                row.enumValue("status", JobStatus.class),
                row.string("step"),
                row.optionalString("issuer"),
                row.optionalString("order_url"),
                decodeRecords(row),
                Columns.readKey(row, "pending_key"),
                row.integer("attempts"),
                row.instant("next_run_at"),
                row.instant("created_at"),
                row.instant("updated_at"),
                row.optionalString("lease_owner"),
                row.optionalInstant("lease_until"),
                Columns.readFailure(row, "failure"),
                row.map("data"));
    }

    private static String encodeRecords(List<ChallengeRecord> records) {
        List<String> flat = new ArrayList<>(records.size() * 4);
        for (ChallengeRecord r : records) {
            flat.addAll(List.of(r.zone(), r.fqdn(), r.value(), Integer.toString(r.ttl())));
        }
        return TextCodec.encodeList(flat);
    }

    private static List<ChallengeRecord> decodeRecords(RowReader row) throws SQLException {
        List<String> flat = row.list("records");
        if (flat.size() % 4 != 0) {
            throw row.corrupt("records", "holds " + flat.size() + " elements, not four per record");
        }
        List<ChallengeRecord> out = new ArrayList<>(flat.size() / 4);
        for (int i = 0; i < flat.size(); i += 4) {
            try {
                out.add(new ChallengeRecord(flat.get(i), flat.get(i + 1), flat.get(i + 2),
                        Integer.parseInt(flat.get(i + 3))));
            } catch (RuntimeException e) {
                throw row.corrupt("records", "holds an invalid challenge record: " + e.getMessage());
            }
        }
        return out;
    }
}
