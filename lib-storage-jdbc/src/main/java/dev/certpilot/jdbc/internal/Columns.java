package dev.certpilot.jdbc.internal;

import dev.certpilot.ErrorCode;
import dev.certpilot.Failure;
import dev.certpilot.spi.EncryptedKey;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Column groups shared by several tables: a {@link Failure} and an {@link EncryptedKey}. */
public final class Columns {

    /** Column lengths that bind as bounded strings. */
    public static final int ID = 64;
    /** Identifiers such as tenants, issuers, KEK ids, lease names and owners. */
    public static final int NAME = 255;
    /** Enum constants and codes. */
    public static final int CODE = 64;

    private Columns() {
    }

    /** The four failure columns under a prefix, e.g. {@code failure_code, failure_message, ...}. */
    public static List<String> failure(String prefix) {
        return List.of(prefix + "_code", prefix + "_message", prefix + "_at", prefix + "_retry_after");
    }

    /** Binds a failure into the four columns of {@link #failure(String)}. */
    public static void bindFailure(Binder b, String prefix, Optional<Failure> failure) throws SQLException {
        Failure f = failure.orElse(null);
        b.bounded(prefix + "_code", f == null ? null : f.code().name(), CODE)
                .string(f == null ? null : TextCodec.escapeText(f.message()))
                .instant(f == null ? null : f.at())
                .instant(f == null ? Optional.empty() : f.retryAfter());
    }

    /** Reads a failure from the four columns of {@link #failure(String)}. */
    public static Optional<Failure> readFailure(RowReader row, String prefix) throws SQLException {
        Optional<String> code = row.optionalString(prefix + "_code");
        if (code.isEmpty()) {
            return Optional.empty();
        }
        ErrorCode errorCode = row.enumValue(prefix + "_code", ErrorCode.class);
        return Optional.of(new Failure(errorCode, row.optionalText(prefix + "_message").orElse(""),
                row.instant(prefix + "_at"), row.optionalInstant(prefix + "_retry_after")));
    }

    /** The two key columns under a prefix: {@code <prefix>_kek_id, <prefix>_envelope}. */
    public static List<String> key(String prefix) {
        return List.of(prefix + "_kek_id", prefix + "_envelope");
    }

    /** Binds an encrypted key into the two columns of {@link #key(String)}. */
    public static void bindKey(Binder b, String prefix, Optional<EncryptedKey> key) throws SQLException {
        b.bounded(prefix + "_kek_id", key.map(EncryptedKey::kekId), NAME)
                .bytes(key.map(EncryptedKey::envelope).orElse(null));
    }

    /** Reads an encrypted key from the two columns of {@link #key(String)}. */
    public static Optional<EncryptedKey> readKey(RowReader row, String prefix) throws SQLException {
        Optional<String> kek = row.optionalString(prefix + "_kek_id");
        byte[] envelope = row.bytes(prefix + "_envelope");
        if (kek.isEmpty() != (envelope == null)) {
            throw row.corrupt(prefix + "_kek_id", "and " + prefix + "_envelope are not both set or both NULL");
        }
        return kek.map(k -> new EncryptedKey(k, envelope));
    }
}
