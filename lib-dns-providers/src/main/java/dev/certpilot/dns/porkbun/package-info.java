/**
 * Porkbun DNS through API v3: {@link dev.certpilot.dns.porkbun.PorkbunDnsProvider} and its factory (name
 * {@code porkbun}).
 */
package dev.certpilot.dns.porkbun;
