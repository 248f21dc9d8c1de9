/**
 * joohoi/acme-dns: {@link dev.certpilot.dns.acmedns.AcmeDnsProvider} and its factory (name {@code acme-dns}).
 */
package dev.certpilot.dns.acmedns;
