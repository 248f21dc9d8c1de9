-- certpilot JDBC store: schema version 2 for MariaDB 10.6+ / MySQL 8.0+: approvals and domain verifications.
-- ${prefix} is the table prefix (Flyway placeholder syntax). Every statement can run again.

CREATE TABLE IF NOT EXISTS ${prefix}approval (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision         BIGINT       NOT NULL,
    row_format       INT          NOT NULL,
    certificate_id   VARCHAR(64)  NOT NULL,
    tenant           VARCHAR(255),
    requested_by     MEDIUMTEXT,
    status           VARCHAR(64)  NOT NULL,
    reasons          MEDIUMTEXT   NOT NULL,
    decided_by       MEDIUMTEXT,
    decided_at       BIGINT,
    decision_comment MEDIUMTEXT,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    INDEX ${prefix}approval_status_idx (status, id),
    INDEX ${prefix}approval_certificate_idx (certificate_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${prefix}domain_verification (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    revision    BIGINT       NOT NULL,
    row_format  INT          NOT NULL,
    tenant      VARCHAR(255),
    domain_name VARCHAR(255) NOT NULL,
    token       MEDIUMTEXT   NOT NULL,
    status      VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    verified_at BIGINT,
    expires_at  BIGINT,
    INDEX ${prefix}domain_verification_tenant_idx (tenant, id),
    INDEX ${prefix}domain_verification_domain_idx (domain_name, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO ${prefix}schema_version (version, description)
    SELECT 2, 'approvals and verifications' FROM DUAL
    WHERE NOT EXISTS (SELECT 1 FROM ${prefix}schema_version WHERE version = 2);
