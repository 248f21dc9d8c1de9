/**
 * Exoscale DNS through the Exoscale API v2 with EXO2-HMAC-SHA256 signed requests:
 * {@link dev.certpilot.dns.exoscale.ExoscaleDnsProvider} and its factory (name {@code exoscale}).
 */
package dev.certpilot.dns.exoscale;
