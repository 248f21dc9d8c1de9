/**
 * A {@link dev.certpilot.spi.CertificateStore} over JDBC: {@link dev.certpilot.jdbc.JdbcCertificateStore}, for H2,
 * PostgreSQL and MariaDB/MySQL, shared safely by many application instances. Everything in
 * {@code dev.certpilot.jdbc.internal} is an implementation detail and may change in any release.
 */
package dev.certpilot.jdbc;
