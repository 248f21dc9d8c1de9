/**
 * Implementation of the JDBC store: not public API, may change in any release.
 */
package dev.certpilot.jdbc.internal;
