-- certpilot JDBC store: schema version 2 for H2 2.x: approvals and domain verifications.
-- ${prefix} is the table prefix (Flyway placeholder syntax).

CREATE TABLE IF NOT EXISTS ${prefix}approval (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision         BIGINT       NOT NULL,
    row_format       INTEGER      NOT NULL,
    certificate_id   VARCHAR(64)  NOT NULL,
    tenant           VARCHAR(255),
    requested_by     CHARACTER VARYING,
    status           VARCHAR(64)  NOT NULL,
    reasons          CHARACTER VARYING NOT NULL,
    decided_by       CHARACTER VARYING,
    decided_at       BIGINT,
    decision_comment CHARACTER VARYING,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ${prefix}approval_status_idx ON ${prefix}approval (status, id);
CREATE INDEX IF NOT EXISTS ${prefix}approval_certificate_idx ON ${prefix}approval (certificate_id, id);

CREATE TABLE IF NOT EXISTS ${prefix}domain_verification (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision    BIGINT       NOT NULL,
    row_format  INTEGER      NOT NULL,
    tenant      VARCHAR(255),
    domain_name VARCHAR(255) NOT NULL,
    token       CHARACTER VARYING NOT NULL,
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
