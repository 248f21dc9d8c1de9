-- certpilot JDBC store: schema version 1 for MariaDB 10.6+ (and MySQL 8.0+: only syntax both understand).
-- ${prefix} is the table prefix (Flyway placeholder syntax, e.g. certpilot_); JdbcCertificateStore substitutes it
-- itself when it creates the schema. Instants are BIGINT microseconds since the epoch (UTC). Lists and maps are
-- text in the store's escaped format (see the module README). Tables are InnoDB in utf8mb4 with the binary
-- collation, so ids sort and compare byte by byte (the store pages by id) and any Unicode text fits.
-- DDL is not transactional here: every statement can run again, so an interrupted migration is simply repeated.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version      INT          NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NOT NULL,
    installed_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${prefix}certificate (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INT          NOT NULL,
    state                VARCHAR(64)  NOT NULL,
    names                MEDIUMTEXT   NOT NULL,
    key_type             VARCHAR(64)  NOT NULL,
    csr_pem              MEDIUMTEXT,
    requested_issuer     VARCHAR(255),
    issuer               VARCHAR(255),
    profile              MEDIUMTEXT,
    auto_renew           BOOLEAN      NOT NULL,
    reuse_key            BOOLEAN      NOT NULL,
    labels               MEDIUMTEXT   NOT NULL,
    tenant               VARCHAR(255),
    requested_by         MEDIUMTEXT,
    targets              MEDIUMTEXT   NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    version              INT          NOT NULL,
    serial               MEDIUMTEXT,
    not_before           BIGINT,
    not_after            BIGINT,
    chain_pem            MEDIUMTEXT,
    key_kek_id           VARCHAR(255),
    key_envelope         MEDIUMBLOB,
    next_renewal_at      BIGINT,
    failure_code         VARCHAR(64),
    failure_message      MEDIUMTEXT,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    consecutive_failures INT          NOT NULL,
    active_job_id        VARCHAR(64),
    attributes           MEDIUMTEXT   NOT NULL,
    -- due renewals: state = ISSUED AND auto_renew AND next_renewal_at <= now
    INDEX ${prefix}certificate_due_idx (state, auto_renew, next_renewal_at),
    INDEX ${prefix}certificate_tenant_idx (tenant),
    INDEX ${prefix}certificate_not_after_idx (not_after)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- one row per name, for CertificateFilter.name
CREATE TABLE IF NOT EXISTS ${prefix}certificate_name (
    name           VARCHAR(253) NOT NULL,
    certificate_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (name, certificate_id),
    INDEX ${prefix}certificate_name_cert_idx (certificate_id),
    FOREIGN KEY (certificate_id) REFERENCES ${prefix}certificate (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- one row per label, for CertificateFilter.labels (keys and values escaped like free text)
CREATE TABLE IF NOT EXISTS ${prefix}certificate_label (
    certificate_id VARCHAR(64) NOT NULL,
    label_key      MEDIUMTEXT  NOT NULL,
    label_value    MEDIUMTEXT  NOT NULL,
    INDEX ${prefix}certificate_label_cert_idx (certificate_id),
    FOREIGN KEY (certificate_id) REFERENCES ${prefix}certificate (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${prefix}job (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INT          NOT NULL,
    certificate_id       VARCHAR(64)  NOT NULL,
    kind                 VARCHAR(64)  NOT NULL,
    status               VARCHAR(64)  NOT NULL,
    step                 MEDIUMTEXT   NOT NULL,
    issuer               MEDIUMTEXT,
    order_url            MEDIUMTEXT,
    records              MEDIUMTEXT   NOT NULL,
    pending_key_kek_id   VARCHAR(255),
    pending_key_envelope MEDIUMBLOB,
    attempts             INT          NOT NULL,
    next_run_at          BIGINT       NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    lease_owner          VARCHAR(255),
    lease_until          BIGINT,
    failure_code         VARCHAR(64),
    failure_message      MEDIUMTEXT,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    data                 MEDIUMTEXT   NOT NULL,
    -- claimable jobs: status = ACTIVE AND next_run_at <= now AND (lease_until IS NULL OR lease_until <= now)
    INDEX ${prefix}job_claim_idx (status, next_run_at, lease_until),
    INDEX ${prefix}job_certificate_idx (certificate_id, id),
    INDEX ${prefix}job_purge_idx (status, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${prefix}event (
    seq            BIGINT      NOT NULL PRIMARY KEY,
    row_format     INT         NOT NULL,
    certificate_id VARCHAR(64) NOT NULL,
    event_type     VARCHAR(64) NOT NULL,
    occurred_at    BIGINT      NOT NULL,
    details        MEDIUMTEXT  NOT NULL,
    INDEX ${prefix}event_certificate_idx (certificate_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- the event sequence: appenders lock this row, so sequences commit in order
CREATE TABLE IF NOT EXISTS ${prefix}counter (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    last_value BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO ${prefix}counter (name, last_value)
    SELECT 'event', 0 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${prefix}counter WHERE name = 'event');

CREATE TABLE IF NOT EXISTS ${prefix}account (
    id            VARCHAR(512) NOT NULL PRIMARY KEY,
    revision      BIGINT       NOT NULL,
    row_format    INT          NOT NULL,
    directory_url MEDIUMTEXT   NOT NULL,
    account_name  MEDIUMTEXT   NOT NULL,
    account_url   MEDIUMTEXT,
    key_kek_id    VARCHAR(255) NOT NULL,
    key_envelope  MEDIUMBLOB   NOT NULL,
    contacts      MEDIUMTEXT   NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${prefix}lease (
    name       VARCHAR(255) NOT NULL PRIMARY KEY,
    owner      VARCHAR(255) NOT NULL,
    expires_at BIGINT       NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO ${prefix}schema_version (version, description)
    SELECT 1, 'init' FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 1);
