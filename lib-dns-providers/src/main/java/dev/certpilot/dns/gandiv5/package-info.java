/**
 * Gandi LiveDNS through the v5 API: {@link dev.certpilot.dns.gandiv5.GandiDnsProvider} and its factory (name
 * {@code gandiv5}).
 */
package dev.certpilot.dns.gandiv5;
