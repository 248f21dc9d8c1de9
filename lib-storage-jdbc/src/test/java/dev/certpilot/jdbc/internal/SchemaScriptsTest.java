package dev.certpilot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.jdbc.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaScriptsTest {

    @Test
    void everyDialectShipsExactlyTheKnownScripts() throws IOException {
        List<String> expected = SchemaScripts.ALL.stream().map(SchemaScripts.Script::fileName).sorted().toList();
        for (String dir : List.of("h2", "postgresql", "mariadb")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/certpilot", dir))) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as(dir)
                        .isEqualTo(expected);
            }
        }
        assertThat(SchemaScripts.LATEST).isEqualTo(SchemaScripts.ALL.size());
    }

    @Test
    void scriptsRecordTheirOwnVersionAndUseOnlyThePrefixPlaceholder() {
        for (Dialect dialect : Dialect.values()) {
            for (SchemaScripts.Script script : SchemaScripts.ALL) {
                List<String> statements = SchemaScripts.statements(dialect, script, "zz_");
                assertThat(String.join("\n", statements)).as(script.fileName()).doesNotContain("${")
                        .contains("CREATE TABLE IF NOT EXISTS zz_");
                assertThat(statements.get(statements.size() - 1)).as(script.fileName())
                        .startsWith("INSERT INTO zz_schema_version").contains("SELECT " + script.version() + ",");
            }
        }
    }

    @Test
    void splitterKeepsQuotedSemicolonsAndDropsComments() {
        assertThat(SchemaScripts.split("-- a; comment\nCREATE TABLE t (x INT); -- trailing\n"
                + "INSERT INTO t VALUES ('a;b');\n\n"))
                .containsExactly("CREATE TABLE t (x INT)", "INSERT INTO t VALUES ('a;b')");
    }
}
