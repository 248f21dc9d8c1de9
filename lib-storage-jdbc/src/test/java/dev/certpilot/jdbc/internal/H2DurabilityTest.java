package dev.certpilot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2DurabilityTest {

    @Test
    void aFileDatabaseWithH2sDefaultWriteDelayIsWarnedAbout(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"))) {
            assertThat(H2Durability.commitDelayWarning(c)).hasValueSatisfying(w -> assertThat(w)
                    .contains("up to 500 ms").contains("Add ;WRITE_DELAY=0 to the JDBC URL"));
        }
    }

    @Test
    void commitsWrittenAtOnceOrNeverWrittenAreFine(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0")) {
            assertThat(H2Durability.commitDelayWarning(c)).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:durability")) {
            assertThat(H2Durability.commitDelayWarning(c)).isEmpty();
        }
    }
}
