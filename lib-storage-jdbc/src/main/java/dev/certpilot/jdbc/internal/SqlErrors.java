package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Classifies driver errors and turns them into {@link CertpilotException}s: {@code STORE_CONFLICT} when a
 * concurrent transaction won (unique key taken, deadlock victim, serialization failure), {@code STORE_ERROR}
 * for everything else. Messages name the operation and the SQL state; they never carry row contents or
 * connection passwords.
 */
public final class SqlErrors {

    /** pgjdbc appends the failing row (which may hold an encrypted key) to constraint errors. */
    private static final Pattern ROW_DETAIL = Pattern.compile("(?s)\\s*(Detail|Failing row contains).*$");
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password|pwd)=[^;&\\s)]*");

    private SqlErrors() {
    }

    /** Whether the error is a unique or primary key violation. */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = String.valueOf(s.getSQLState());
            // 23505: PostgreSQL and H2; 1062 "duplicate entry" (23000): MariaDB and MySQL
            if (state.equals("23505") || s.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }

    /** Whether a concurrent transaction made this one fail (deadlock, serialization or H2 concurrent update). */
    public static boolean isConcurrencyFailure(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = String.valueOf(s.getSQLState());
            // 40001 serialization failure / deadlock (all), 40P01 PostgreSQL deadlock, 90131 H2 concurrent update,
            // 1213 MariaDB deadlock
            if (state.equals("40001") || state.equals("40P01") || state.equals("90131") || s.getErrorCode() == 1213) {
                return true;
            }
        }
        return false;
    }

    /** Whether waiting for a row lock timed out (PostgreSQL 55P03, H2 HYT00, MariaDB 1205). */
    public static boolean isLockTimeout(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = String.valueOf(s.getSQLState());
            if (state.equals("55P03") || state.equals("HYT00") || s.getErrorCode() == 1205) {
                return true;
            }
        }
        return false;
    }

    /** The exception for a failed operation. */
    public static CertpilotException translate(String operation, SQLException e) {
        if (isUniqueViolation(e)) {
            return new CertpilotException(ErrorCode.STORE_CONFLICT, operation + " failed: the key already exists ("
                    + describe(e) + ")", e);
        }
        if (isConcurrencyFailure(e)) {
            return new CertpilotException(ErrorCode.STORE_CONFLICT, operation
                    + " failed: a concurrent transaction won (" + describe(e) + ")", e);
        }
        return new CertpilotException(ErrorCode.STORE_ERROR, operation + " failed: " + describe(e), e);
    }

    /** SQL state, vendor code and the driver's message without row details or passwords. */
    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = ROW_DETAIL.matcher(message).replaceFirst("");
        message = PASSWORD.matcher(message).replaceAll("$1=***");
        return "SQL state " + e.getSQLState() + ", code " + e.getErrorCode() + ": " + message.strip();
    }
}
