/**
 * RFC 2136 dynamic DNS update with TSIG (RFC 8945) through dnsjava: {@link dev.certpilot.dns.rfc2136.Rfc2136DnsProvider}
 * and its factory (name {@code rfc2136}). Works with BIND, Knot, PowerDNS (with DNS UPDATE enabled), Windows DNS.
 */
package dev.certpilot.dns.rfc2136;
