package dev.certpilot.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Whether an H2 database keeps a commit when its process is killed. H2 writes committed transactions of a file
 * database to disk in the background, up to {@code WRITE_DELAY} milliseconds later (500 by default): a process
 * killed within that time (SIGKILL, OOM killer, a container stopped hard) loses commits it had reported as done.
 * certpilot's durable jobs rely on a checkpoint being there after a crash (a lost {@code KEY_READY} checkpoint
 * after the CSR went out means a certificate whose key is gone), so the store warns unless the delay is 0
 * ({@code ;WRITE_DELAY=0} in the URL; in-memory databases report 0). Measured by the kill-and-resume tests: with
 * the default, the last checkpoint before a SIGKILL was missing after the restart.
 */
public final class H2Durability {

    private H2Durability() {
    }

    /**
     * A warning when the database delays writing commits, naming the delay and the fix; empty when commits are
     * written at once.
     */
    public static Optional<String> commitDelayWarning(Connection connection) throws SQLException {
        int delay = 0;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            // H2 lists the setting the database file holds and the one in effect; either delaying is a risk
            while (rs.next()) {
                delay = Math.max(delay, Integer.parseInt(rs.getString(1).trim()));
            }
        }
        if (delay == 0) {
            return Optional.empty();
        }
        return Optional.of("the H2 database writes commits to disk up to " + delay + " ms after they return"
                + " (WRITE_DELAY); a process killed meanwhile loses them, and with them certpilot's job checkpoints."
                + " Add ;WRITE_DELAY=0 to the JDBC URL");
    }
}
