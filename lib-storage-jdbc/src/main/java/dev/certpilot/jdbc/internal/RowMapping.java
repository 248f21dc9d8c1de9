package dev.certpilot.jdbc.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How one kind of record with an optimistic revision maps to a table: the table has {@code id},
 * {@code revision} and {@code row_format} columns, then {@link #columns()}.
 *
 * @param <T> the record type
 */
public abstract class RowMapping<T> {

    /** Makes a copy of a record with another revision. */
    @FunctionalInterface
    public interface Reviser<T> {
        /** The copy. */
        T withRevision(T record, long revision);
    }

    private final String entity;
    private final String table;
    private final int maxIdLength;
    private final List<String> columns;
    private final Function<T, String> id;
    private final ToLongFunction<T> revision;
    private final Reviser<T> reviser;

    /**
     * A mapping.
     *
     * @param entity      what the records are called in messages, e.g. {@code certificate}
     * @param table       the table
     * @param maxIdLength the longest id the table holds
     * @param columns     the data columns, in the order {@link #bind} binds them
     * @param id          the id of a record
     * @param revision    the revision of a record (0: not stored yet)
     * @param reviser     copies a record with another revision
     */
    protected RowMapping(String entity, String table, int maxIdLength, List<String> columns, Function<T, String> id,
                         ToLongFunction<T> revision, Reviser<T> reviser) {
        this.entity = entity;
        this.table = table;
        this.maxIdLength = maxIdLength;
        this.columns = List.copyOf(columns);
        this.id = id;
        this.revision = revision;
        this.reviser = reviser;
    }

    /** What the records are called in messages. */
    public final String entity() {
        return entity;
    }

    /** The table. */
    public final String table() {
        return table;
    }

    /** The longest id the table holds. */
    public final int maxIdLength() {
        return maxIdLength;
    }

    /** The data columns, in the order {@link #bind} binds them. */
    public final List<String> columns() {
        return columns;
    }

    /** The record's id. */
    public final String id(T record) {
        return id.apply(record);
    }

    /** The record's revision. */
    public final long revision(T record) {
        return revision.applyAsLong(record);
    }

    /** A copy with another revision. */
    public final T withRevision(T record, long revision) {
        return reviser.withRevision(record, revision);
    }

    /** Binds the data columns. */
    public abstract void bind(Binder binder, T record) throws SQLException;

    /** Reads a record from a row holding {@code id}, {@code revision} and the data columns. */
    public abstract T read(RowReader row, String id, long revision) throws SQLException;
}
