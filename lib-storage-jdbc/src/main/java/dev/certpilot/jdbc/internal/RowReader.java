package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the current row of a result set with the store's encodings. Decoding errors name the table, the row id and
 * the column.
 */
public final class RowReader {

    /** The highest row format this version of certpilot reads (and the one it writes). */
    public static final int ROW_FORMAT = 1;

    private final ResultSet rs;
    private final String table;
    private final String id;

    private RowReader(ResultSet rs, String table, String id) {
        this.rs = rs;
        this.table = table;
        this.id = id;
    }

    /**
     * A reader for the current row, after checking its row format.
     *
     * @param idColumn the column that identifies the row, for messages
     * @throws CertpilotException {@code STORE_ERROR} when a newer certpilot wrote the row
     */
    public static RowReader of(ResultSet rs, String table, String idColumn) throws SQLException {
        String id = rs.getString(idColumn);
        int format = rs.getInt("row_format");
        if (format > ROW_FORMAT) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "row '" + id + "' of table " + table
                    + " has row format " + format + ", written by a newer certpilot; this version reads row formats"
                    + " up to " + ROW_FORMAT + ". Upgrade certpilot on every instance that shares this database.");
        }
        return new RowReader(rs, table, id);
    }

    /** A string that must be present. */
    public String string(String column) throws SQLException {
        String v = rs.getString(column);
        if (v == null) {
            throw corrupt(column, "is NULL");
        }
        return v;
    }

    /** A string or empty for NULL. */
    public Optional<String> optionalString(String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** A long. */
    public long number(String column) throws SQLException {
        return rs.getLong(column);
    }

    /** An int. */
    public int integer(String column) throws SQLException {
        return rs.getInt(column);
    }

    /** A boolean. */
    public boolean bool(String column) throws SQLException {
        return rs.getBoolean(column);
    }

    /** An instant that must be present. */
    public Instant instant(String column) throws SQLException {
        return optionalInstant(column).orElseThrow(() -> corrupt(column, "is NULL"));
    }

    /** An instant or empty for NULL. */
    public Optional<Instant> optionalInstant(String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(v));
    }

    /** Bytes or {@code null}. */
    public byte[] bytes(String column) throws SQLException {
        return rs.getBytes(column);
    }

    /** A list in {@link TextCodec} form. */
    public List<String> list(String column) throws SQLException {
        return decode(column, TextCodec::decodeList);
    }

    /** A map in {@link TextCodec} form. */
    public Map<String, String> map(String column) throws SQLException {
        return decode(column, TextCodec::decodeMap);
    }

    /** Escaped free text ({@link TextCodec#escapeText}) or empty for NULL. */
    public Optional<String> optionalText(String column) throws SQLException {
        Optional<String> raw = optionalString(column);
        return raw.isEmpty() ? raw : Optional.of(decode(column, TextCodec::unescapeText));
    }

    /** An enum constant by name. */
    public <E extends Enum<E>> E enumValue(String column, Class<E> type) throws SQLException {
        String v = string(column);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw corrupt(column, "holds '" + v + "', not a known " + type.getSimpleName());
        }
    }

    /** The id of the row being read. */
    public String id() {
        return id;
    }

    /** An error about a value of this row that cannot be read. */
    public CertpilotException corrupt(String column, String what) {
        return new CertpilotException(ErrorCode.STORE_ERROR, table + "." + column + " of row '" + id + "' " + what);
    }

    private <T> T decode(String column, Function<String, T> decoder) throws SQLException {
        String raw = string(column);
        try {
            return decoder.apply(raw);
        } catch (IllegalArgumentException e) {
            throw corrupt(column, "cannot be decoded: " + e.getMessage());
        }
    }
}
