/**
 * PowerDNS Authoritative through its HTTP API: {@link dev.certpilot.dns.pdns.PowerDnsProvider} and its factory
 * (name {@code pdns}).
 */
package dev.certpilot.dns.pdns;
