package dev.certpilot.jdbc.testdb;

import dev.certpilot.jdbc.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** H2 in memory, or embedded with a file under {@code target/h2-test} (deleted first, so every run starts empty). */
final class H2Database extends TestDatabase {

    private final boolean file;
    private final String url;

    H2Database(boolean file) {
        this.file = file;
        if (file) {
            Path dir = Path.of("target", "h2-test").toAbsolutePath();
            deleteRecursively(dir);
            url = "jdbc:h2:file:" + dir.resolve("certpilot") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        } else {
            url = "jdbc:h2:mem:certpilot;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        }
    }

    @Override
    public String name() {
        return file ? "h2-file" : "h2-mem";
    }

    @Override
    public Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    public String jdbcUrl() {
        return url;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
