package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * Binds parameters of a statement in order, with the store's encodings: instants as epoch microseconds, absent
 * values as SQL NULL. Values bound for columns of bounded length are checked first, so nothing is cut off
 * silently (MariaDB outside strict mode would) and the error names the column.
 */
public final class Binder {

    private final PreparedStatement statement;
    private final String table;
    private int index = 1;

    /**
     * A binder starting at the first parameter.
     *
     * @param statement the statement
     * @param table     the table, for error messages
     */
    public Binder(PreparedStatement statement, String table) {
        this.statement = statement;
        this.table = table;
    }

    /**
     * Binds a string or NULL. Strings bound as they are (identifiers, URLs, PEM) must not hold NUL or an unpaired
     * surrogate: PostgreSQL refuses the first and UTF-8 columns silently replace the second, so the store refuses
     * both on every database (free text and the entries of lists and maps are escaped and hold anything).
     */
    public Binder string(String value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.VARCHAR);
            return this;
        }
        if (!TextCodec.storableVerbatim(value)) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "parameter " + index + " of a write to table "
                    + table + " holds a NUL character or an unpaired surrogate, which databases cannot store"
                    + " verbatim");
        }
        statement.setString(index++, value);
        return this;
    }

    /** Binds a string of at most {@code maxLength} characters, or NULL. */
    public Binder bounded(String column, String value, int maxLength) throws SQLException {
        if (value != null && value.length() > maxLength) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "value for " + table + "." + column + " has "
                    + value.length() + " characters; the column holds at most " + maxLength);
        }
        return string(value);
    }

    /** Binds an optional string or NULL. */
    public Binder string(Optional<String> value) throws SQLException {
        return string(value.orElse(null));
    }

    /** Binds an optional bounded string or NULL. */
    public Binder bounded(String column, Optional<String> value, int maxLength) throws SQLException {
        return bounded(column, value.orElse(null), maxLength);
    }

    /** Binds a long. */
    public Binder number(long value) throws SQLException {
        statement.setLong(index++, value);
        return this;
    }

    /** Binds an int. */
    public Binder integer(int value) throws SQLException {
        statement.setInt(index++, value);
        return this;
    }

    /** Binds a boolean. */
    public Binder bool(boolean value) throws SQLException {
        statement.setBoolean(index++, value);
        return this;
    }

    /** Binds an instant as epoch microseconds, or NULL. */
    public Binder instant(Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.BIGINT);
        } else {
            statement.setLong(index++, Micros.of(value));
        }
        return this;
    }

    /** Binds an optional instant. */
    public Binder instant(Optional<Instant> value) throws SQLException {
        return instant(value.orElse(null));
    }

    /** Binds bytes or NULL. */
    public Binder bytes(byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index++, Types.VARBINARY);
        } else {
            statement.setBytes(index++, value);
        }
        return this;
    }
}
