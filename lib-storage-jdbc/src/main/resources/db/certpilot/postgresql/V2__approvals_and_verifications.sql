-- certpilot JDBC store: schema version 2 for PostgreSQL 12+: approvals and domain verifications.
-- ${prefix} is the table prefix (Flyway placeholder syntax).

CREATE TABLE IF NOT EXISTS ${prefix}approval (
    id               VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    revision         BIGINT       NOT NULL,
    row_format       INTEGER      NOT NULL,
    certificate_id   VARCHAR(64)  COLLATE "C" NOT NULL,
    tenant           VARCHAR(255) COLLATE "C",
    requested_by     TEXT,
    status           VARCHAR(64)  COLLATE "C" NOT NULL,
    reasons          TEXT         NOT NULL,
    decided_by       TEXT,
    decided_at       BIGINT,
    decision_comment TEXT,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ${prefix}approval_status_idx ON ${prefix}approval (status, id);
CREATE INDEX IF NOT EXISTS ${prefix}approval_certificate_idx ON ${prefix}approval (certificate_id, id);

CREATE TABLE IF NOT EXISTS ${prefix}domain_verification (
    id          VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
    revision    BIGINT       NOT NULL,
    row_format  INTEGER      NOT NULL,
    tenant      VARCHAR(255) COLLATE "C",
    domain_name VARCHAR(255) COLLATE "C" NOT NULL,
    token       TEXT         NOT NULL,
    status      VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    verified_at BIGINT,
    expires_at  BIGINT
);
CREATE INDEX IF NOT EXISTS ${prefix}domain_verification_tenant_idx ON ${prefix}domain_verification (tenant, id);
CREATE INDEX IF NOT EXISTS ${prefix}domain_verification_domain_idx ON ${prefix}domain_verification (domain_name, id);

INSERT INTO ${prefix}schema_version (version, description)
    SELECT 2, 'approvals and verifications' WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 2);
