-- certpilot JDBC store: schema version 1 for H2 2.x.
-- ${prefix} is the table prefix (Flyway placeholder syntax, e.g. certpilot_); JdbcCertificateStore substitutes it
-- itself when it creates the schema. Instants are BIGINT microseconds since the epoch (UTC). Lists and maps are
-- text in the store's escaped format (see the module README). H2 compares strings by UTF-16 code unit, as Java
-- does, so ids sort as the store pages them.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version      INTEGER      NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NOT NULL,
    installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS ${prefix}certificate (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INTEGER      NOT NULL,
    state                VARCHAR(64)  NOT NULL,
    names                CHARACTER VARYING NOT NULL,
    key_type             VARCHAR(64)  NOT NULL,
    csr_pem              CHARACTER VARYING,
    requested_issuer     VARCHAR(255),
    issuer               VARCHAR(255),
    profile              CHARACTER VARYING,
    auto_renew           BOOLEAN      NOT NULL,
    reuse_key            BOOLEAN      NOT NULL,
    labels               CHARACTER VARYING NOT NULL,
    tenant               VARCHAR(255),
    requested_by         CHARACTER VARYING,
    targets              CHARACTER VARYING NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    version              INTEGER      NOT NULL,
    serial               CHARACTER VARYING,
    not_before           BIGINT,
    not_after            BIGINT,
    chain_pem            CHARACTER VARYING,
    key_kek_id           VARCHAR(255),
    key_envelope         BINARY VARYING,
    next_renewal_at      BIGINT,
    failure_code         VARCHAR(64),
    failure_message      CHARACTER VARYING,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    consecutive_failures INTEGER      NOT NULL,
    active_job_id        VARCHAR(64) ,
    attributes           CHARACTER VARYING NOT NULL
);
-- due renewals: state = ISSUED AND auto_renew AND next_renewal_at <= now
CREATE INDEX IF NOT EXISTS ${prefix}certificate_due_idx ON ${prefix}certificate (state, auto_renew, next_renewal_at);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_tenant_idx ON ${prefix}certificate (tenant);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_not_after_idx ON ${prefix}certificate (not_after);

-- one row per name, for CertificateFilter.name
CREATE TABLE IF NOT EXISTS ${prefix}certificate_name (
    name           VARCHAR(253) NOT NULL,
    certificate_id VARCHAR(64)  NOT NULL
        REFERENCES ${prefix}certificate (id) ON DELETE CASCADE,
    PRIMARY KEY (name, certificate_id)
);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_name_cert_idx ON ${prefix}certificate_name (certificate_id);

-- one row per label, for CertificateFilter.labels (keys and values escaped like free text)
CREATE TABLE IF NOT EXISTS ${prefix}certificate_label (
    certificate_id VARCHAR(64) NOT NULL
        REFERENCES ${prefix}certificate (id) ON DELETE CASCADE,
    label_key      CHARACTER VARYING      NOT NULL,
    label_value    CHARACTER VARYING      NOT NULL
);
CREATE INDEX IF NOT EXISTS ${prefix}certificate_label_cert_idx ON ${prefix}certificate_label (certificate_id);

CREATE TABLE IF NOT EXISTS ${prefix}job (
    id                   VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision             BIGINT       NOT NULL,
    row_format           INTEGER      NOT NULL,
    certificate_id       VARCHAR(64)  NOT NULL,
    kind                 VARCHAR(64)  NOT NULL,
    status               VARCHAR(64)  NOT NULL,
    step                 CHARACTER VARYING NOT NULL,
    issuer               CHARACTER VARYING,
    order_url            CHARACTER VARYING,
    records              CHARACTER VARYING NOT NULL,
    pending_key_kek_id   VARCHAR(255),
    pending_key_envelope BINARY VARYING,
    attempts             INTEGER      NOT NULL,
    next_run_at          BIGINT       NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    lease_owner          VARCHAR(255),
    lease_until          BIGINT,
    failure_code         VARCHAR(64),
    failure_message      CHARACTER VARYING,
    failure_at           BIGINT,
    failure_retry_after  BIGINT,
    data                 CHARACTER VARYING NOT NULL
);
-- claimable jobs: status = ACTIVE AND next_run_at <= now AND (lease_until IS NULL OR lease_until <= now)
CREATE INDEX IF NOT EXISTS ${prefix}job_claim_idx ON ${prefix}job (status, next_run_at, lease_until);
CREATE INDEX IF NOT EXISTS ${prefix}job_certificate_idx ON ${prefix}job (certificate_id, id);
CREATE INDEX IF NOT EXISTS ${prefix}job_purge_idx ON ${prefix}job (status, updated_at);

CREATE TABLE IF NOT EXISTS ${prefix}event (
    seq            BIGINT      NOT NULL PRIMARY KEY,
    row_format     INTEGER     NOT NULL,
    certificate_id VARCHAR(64) NOT NULL,
    event_type     VARCHAR(64) NOT NULL,
    occurred_at    BIGINT      NOT NULL,
    details        CHARACTER VARYING      NOT NULL
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
    id            VARCHAR(512) NOT NULL PRIMARY KEY,
    revision      BIGINT       NOT NULL,
    row_format    INTEGER      NOT NULL,
    directory_url CHARACTER VARYING NOT NULL,
    account_name  CHARACTER VARYING NOT NULL,
    account_url   CHARACTER VARYING,
    key_kek_id    VARCHAR(255) NOT NULL,
    key_envelope  BINARY VARYING        NOT NULL,
    contacts      CHARACTER VARYING NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

CREATE TABLE IF NOT EXISTS ${prefix}lease (
    name       VARCHAR(255) NOT NULL PRIMARY KEY,
    owner      VARCHAR(255) NOT NULL,
    expires_at BIGINT       NOT NULL
);

INSERT INTO ${prefix}schema_version (version, description)
    SELECT 1, 'init' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 1);
