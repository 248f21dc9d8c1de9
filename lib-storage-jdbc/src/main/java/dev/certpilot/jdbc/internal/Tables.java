package dev.certpilot.jdbc.internal;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's table names under one prefix. The prefix is part of every table and index name, so several stores
 * (or several certpilot installations) can share one database schema.
 *
 * @param prefix the table prefix, e.g. {@code certpilot_}
 */
public record Tables(String prefix) {

    /** Lower-case letters, digits and underscores, starting with a letter; short enough for 63-byte identifiers. */
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    /** Validates the prefix. */
    public Tables {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "table prefix '" + prefix
                    + "' is not 1 to 30 lower-case letters, digits or underscores starting with a letter");
        }
    }

    /** The schema version table. */
    public String schemaVersion() {
        return prefix + "schema_version";
    }

    /** The migration lock table (H2 only; PostgreSQL and MariaDB use the server's own locks). */
    public String schemaLock() {
        return prefix + "schema_lock";
    }

    /** Certificates. */
    public String certificate() {
        return prefix + "certificate";
    }

    /** The names of certificates, one row each (for name lookups). */
    public String certificateName() {
        return prefix + "certificate_name";
    }

    /** The labels of certificates, one row each (for label filters). */
    public String certificateLabel() {
        return prefix + "certificate_label";
    }

    /** Durable jobs. */
    public String job() {
        return prefix + "job";
    }

    /** The event timeline. */
    public String event() {
        return prefix + "event";
    }

    /** Counters (the event sequence). */
    public String counter() {
        return prefix + "counter";
    }

    /** ACME accounts. */
    public String account() {
        return prefix + "account";
    }

    /** Named leases. */
    public String lease() {
        return prefix + "lease";
    }

    /** Approvals (schema version 2). */
    public String approval() {
        return prefix + "approval";
    }

    /** Domain verifications (schema version 2). */
    public String domainVerification() {
        return prefix + "domain_verification";
    }

    /** Every data table of the latest schema, children before parents (the order to empty them in). */
    public List<String> dataTables() {
        return List.of(certificateName(), certificateLabel(), certificate(), job(), event(), account(), lease(),
                approval(), domainVerification());
    }
}
