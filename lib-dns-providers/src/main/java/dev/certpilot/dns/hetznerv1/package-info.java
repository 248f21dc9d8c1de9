/**
 * Hetzner DNS through the Hetzner Cloud API (zones and RRSets at {@code api.hetzner.cloud/v1}):
 * {@link dev.certpilot.dns.hetznerv1.HetznerV1DnsProvider} and its factory (name {@code hetznerv1}, as lego calls it).
 */
package dev.certpilot.dns.hetznerv1;
