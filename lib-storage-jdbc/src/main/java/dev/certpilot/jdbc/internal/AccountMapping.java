package dev.certpilot.jdbc.internal;

import dev.certpilot.spi.AccountRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link AccountRecord}s in the account table; ids ({@code name@directoryUrl}) up to 512 characters. */
public final class AccountMapping extends RowMapping<AccountRecord> {

    /** The longest account id the table holds. */
    public static final int MAX_ID = 512;

    private static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("directory_url", "account_name", "account_url"));
        c.addAll(Columns.key("key"));
        c.addAll(List.of("contacts", "created_at", "updated_at"));
        COLUMNS = List.copyOf(c);
    }

    /** The mapping onto a table. */
    public AccountMapping(String table) {
        super("account", table, MAX_ID, COLUMNS,
                AccountRecord::id, AccountRecord::revision, AccountRecord::withRevision);
    }

    @Override
    public void bind(Binder b, AccountRecord r) throws SQLException {
        b.string(r.directoryUrl()).string(r.accountName()).string(r.accountUrl());
        Columns.bindKey(b, "key", java.util.Optional.of(r.key()));
        b.string(TextCodec.encodeList(r.contacts())).instant(r.createdAt()).instant(r.updatedAt());
    }

    @Override
    public AccountRecord read(RowReader row, String id, long revision) throws SQLException {
        return new AccountRecord(id, revision, row.string("directory_url"), row.string("account_name"),
                row.optionalString("account_url"),
                Columns.readKey(row, "key").orElseThrow(() -> row.corrupt("key_kek_id", "is NULL")),
                row.list("contacts"), row.instant("created_at"), row.instant("updated_at"));
    }
}
