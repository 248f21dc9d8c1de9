/**
 * Hetzner DNS through the DNS Console API: {@link dev.certpilot.dns.hetzner.HetznerDnsProvider} and its factory
 * (name {@code hetzner}).
 */
package dev.certpilot.dns.hetzner;
