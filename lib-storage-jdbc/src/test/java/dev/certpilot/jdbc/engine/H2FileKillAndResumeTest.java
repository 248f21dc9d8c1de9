package dev.certpilot.jdbc.engine;

import java.nio.file.Path;

/**
 * {@link KillAndResumeTest} on an embedded H2 file database of its own: each JVM opens the file in turn (the dead
 * one's file lock goes with its process).
 */
class H2FileKillAndResumeTest extends KillAndResumeTest {

    @Override
    String database() {
        return "h2-file";
    }

    @Override
    String jdbcUrl(Path workDir) {
        return "jdbc:h2:file:" + workDir.resolve("certpilot") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    }
}
