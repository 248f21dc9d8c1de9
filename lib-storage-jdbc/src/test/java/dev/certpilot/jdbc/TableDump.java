package dev.certpilot.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Every value of every table in the current schema, as bytes and as the driver's text, for leak scans. */
final class TableDump {

    /** One dumped value. */
    record Cell(String table, String column, byte[] bytes, String text) {
    }

    private TableDump() {
    }

    /** Dumps every table of the connection's schema (or catalog) whose name starts with {@code prefix}. */
    static List<Cell> dump(DataSource dataSource, String prefix) throws SQLException {
        List<Cell> cells = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        tables.add(name);
                    }
                }
            }
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            cells.add(cell(table, meta, i, rs));
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static Cell cell(String table, ResultSetMetaData meta, int i, ResultSet rs) throws SQLException {
        int type = meta.getColumnType(i);
        boolean binary = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                || type == Types.BLOB;
        byte[] bytes = binary ? rs.getBytes(i) : null;
        String text = rs.getString(i);
        if (bytes == null && text != null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        return new Cell(table, meta.getColumnName(i), bytes == null ? new byte[0] : bytes,
                text == null ? "" : text);
    }
}
