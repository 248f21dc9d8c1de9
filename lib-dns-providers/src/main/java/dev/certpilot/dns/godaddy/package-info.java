/**
 * GoDaddy DNS through the Domains API v1 ({@code sso-key} authentication):
 * {@link dev.certpilot.dns.godaddy.GoDaddyDnsProvider} and its factory (name {@code godaddy}).
 */
package dev.certpilot.dns.godaddy;
