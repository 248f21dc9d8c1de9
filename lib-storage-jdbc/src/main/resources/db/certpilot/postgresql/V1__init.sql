-- certpilot JDBC store: schema version 1 for PostgreSQL 12+.
-- ${prefix} is the table prefix (Flyway placeholder syntax, e.g. certpilot_); JdbcCertificateStore substitutes it
-- itself when it creates the schema. Instants are BIGINT microseconds since the epoch (UTC). Lists and maps are
-- text in the store's escaped format (see the module README). Identifier columns use the "C" collation so that
-- ids sort and compare byte by byte, as the store pages by id.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version      INTEGER      NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NOT NULL,
    installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS ${prefix}certificate (
    id                   VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INTEGER      NOT NULL,
    state                VARCHAR(64)  COLLATE "C" NOT NULL,
    names                TEXT         NOT NULL,
    key_type             VARCHAR(64)  NOT NULL,
    csr_pem              TEXT,
    requested_issuer     VARCHAR(255) COLLATE "C",
    issuer               VARCHAR(255) COLLATE "C",
    profile              TEXT,
    auto_renew           BOOLEAN      NOT NULL,
    reuse_key            BOOLEAN      NOT NULL,
    labels               TEXT         NOT NULL,
    tenant               VARCHAR(255) COLLATE "C",
    requested_by         TEXT,
    targets              TEXT         NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    version              INTEGER      NOT NULL,
    serial               TEXT,
    not_before           BIGINT,
    not_after            BIGINT,
    chain_pem            TEXT,
    key_kek_id           VARCHAR(255) COLLATE "C",
    key_envelope         BYTEA,
    next_renewal_at      BIGINT,
    failure_code         VARCHAR(64),
    failure_message      TEXT,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    consecutive_failures INTEGER      NOT NULL,
    active_job_id        VARCHAR(64)  COLLATE "C",
    attributes           TEXT         NOT NULL
);
-- due renewals: state = ISSUED AND auto_renew AND next_renewal_at <= now
CREATE INDEX IF NOT EXISTS ${prefix}certificate_due_idx ON ${prefix}certificate (state, auto_renew, next_renewal_at)
    INCLUDE (id, active_job_id);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_tenant_idx ON ${prefix}certificate (tenant);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_not_after_idx ON ${prefix}certificate (not_after);

-- one row per name, for CertificateFilter.name
CREATE TABLE IF NOT EXISTS ${prefix}certificate_name (
    name           VARCHAR(253) COLLATE "C" NOT NULL,
    certificate_id VARCHAR(64)  COLLATE "C" NOT NULL
        REFERENCES ${prefix}certificate (id) ON DELETE CASCADE,
    PRIMARY KEY (name, certificate_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_name_cert_idx ON ${prefix}certificate_name (certificate_id);

-- one row per label, for CertificateFilter.labels (keys and values escaped like free text)
CREATE TABLE IF NOT EXISTS ${prefix}certificate_label (
    certificate_id VARCHAR(64) COLLATE "C" NOT NULL
        REFERENCES ${prefix}certificate (id) ON DELETE CASCADE,
    label_key      TEXT        NOT NULL,
    label_value    TEXT        NOT NULL
);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_label_cert_idx ON ${prefix}certificate_label (certificate_id);

CREATE TABLE IF NOT EXISTS ${prefix}job (
    id                   VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INTEGER      NOT NULL,
    certificate_id       VARCHAR(64)  COLLATE "C" NOT NULL,
    kind                 VARCHAR(64)  NOT NULL,
    status               VARCHAR(64)  COLLATE "C" NOT NULL,
    step                 TEXT         NOT NULL,
    issuer               TEXT,
    order_url            TEXT,
    records              TEXT         NOT NULL,
    pending_key_kek_id   VARCHAR(255) COLLATE "C",
    pending_key_envelope BYTEA,
    attempts             INTEGER      NOT NULL,
    next_run_at          BIGINT       NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    lease_owner          VARCHAR(255) COLLATE "C",
    lease_until          BIGINT,
    failure_code         VARCHAR(64),
    failure_message      TEXT,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    data                 TEXT         NOT NULL
);
-- claimable jobs: status = ACTIVE AND next_run_at <= now AND (lease_until IS NULL OR lease_until <= now)
CREATE INDEX IF NOT EXISTS ${prefix}job_claim_idx ON ${prefix}job (status, next_run_at, lease_until);
CREATE INDEX IF NOT EXISTS ${prefix}job_certificate_idx ON ${prefix}job (certificate_id, id);
CREATE INDEX IF NOT EXISTS ${prefix}job_purge_idx ON ${prefix}job (status, updated_at);

CREATE TABLE IF NOT EXISTS ${prefix}event (
    seq            BIGINT      NOT NULL PRIMARY KEY,
    row_format     INTEGER     NOT NULL,
    certificate_id VARCHAR(64) COLLATE "C" NOT NULL,
    event_type     VARCHAR(64) NOT NULL,
    occurred_at    BIGINT      NOT NULL,
    details        TEXT        NOT NULL
);
CREATE INDEX IF NOT EXISTS ${prefix}event_certificate_idx ON ${prefix}event (certificate_id, seq);

-- the event sequence: appenders lock this row, so sequences commit in order
CREATE TABLE IF NOT EXISTS ${prefix}counter (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    last_value BIGINT      NOT NULL
);
INSERT INTO ${prefix}counter (name, last_value)
    SELECT 'event', 0 WHERE NOT EXISTS (SELECT 1 FROM ${prefix}counter WHERE name = 'event');

CREATE TABLE IF NOT EXISTS ${prefix}account (
    id            VARCHAR(512) COLLATE "C" NOT NULL PRIMARY KEY,
    revision      BIGINT       NOT NULL,
    row_format    INTEGER      NOT NULL,
    directory_url TEXT         NOT NULL,
    account_name  TEXT         NOT NULL,
    account_url   TEXT,
    key_kek_id    VARCHAR(255) COLLATE "C" NOT NULL,
    key_envelope  BYTEA        NOT NULL,
    contacts      TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

CREATE TABLE IF NOT EXISTS ${prefix}lease (
    name       VARCHAR(255) COLLATE "C" NOT NULL PRIMARY KEY,
    owner      VARCHAR(255) COLLATE "C" NOT NULL,
    expires_at BIGINT       NOT NULL
);

INSERT INTO ${prefix}schema_version (version, description)
    SELECT 1, 'init' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 1);
