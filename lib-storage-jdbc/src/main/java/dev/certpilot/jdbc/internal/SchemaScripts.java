package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned DDL scripts shipped as resources {@code db/certpilot/<dialect>/V<n>__<description>.sql}, with
 * {@code ${prefix}} replaced by the table prefix and split into statements.
 */
public final class SchemaScripts {

    /** One script. */
    public record Script(int version, String description) {

        /** The file name, e.g. {@code V1__init.sql}. */
        public String fileName() {
            return "V" + version + "__" + description + ".sql";
        }
    }

    /** Every script, oldest first; the last one's version is {@link #LATEST}. */
    public static final List<Script> ALL = List.of(new Script(1, "init"),
            new Script(2, "approvals_and_verifications"));

    /** The schema version this certpilot writes and reads. */
    public static final int LATEST = ALL.get(ALL.size() - 1).version();

    /** The placeholder the scripts use for the table prefix (Flyway's syntax). */
    public static final String PREFIX_PLACEHOLDER = "${prefix}";

    private SchemaScripts() {
    }

    /** The resource path of a script for a dialect. */
    public static String resource(Dialect dialect, Script script) {
        return "db/certpilot/" + dialect.scriptDirectory() + "/" + script.fileName();
    }

    /** The statements of a script, prefix substituted. */
    public static List<String> statements(Dialect dialect, Script script, String prefix) {
        String path = resource(dialect, script);
        try (InputStream in = SchemaScripts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new CertpilotException(ErrorCode.STORE_ERROR, "schema script " + path + " is missing from the"
                        + " classpath");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return split(sql.replace(PREFIX_PLACEHOLDER, prefix));
        } catch (IOException e) {
            throw new CertpilotException(ErrorCode.STORE_ERROR, "schema script " + path + " cannot be read", e);
        }
    }

    /**
     * Splits SQL into statements at semicolons outside quotes, dropping {@code --} comments and blank statements.
     * Enough for the shipped scripts (no procedures, no dollar quoting).
     */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!quoted && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
            } else if (!quoted && c == ';') {
                add(statements, current);
            } else {
                if (c == '\'') {
                    quoted = !quoted;
                }
                current.append(c);
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
            statements.add(s);
        }
        current.setLength(0);
    }
}
