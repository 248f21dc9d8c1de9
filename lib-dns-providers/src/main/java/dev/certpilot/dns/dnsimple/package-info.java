/**
 * DNSimple through API v2: {@link dev.certpilot.dns.dnsimple.DnsimpleDnsProvider} and its factory (name
 * {@code dnsimple}).
 */
package dev.certpilot.dns.dnsimple;
