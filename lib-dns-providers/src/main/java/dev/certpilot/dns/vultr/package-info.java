/**
 * Vultr DNS through API v2: {@link dev.certpilot.dns.vultr.VultrDnsProvider} and its factory (name {@code vultr}).
 */
package dev.certpilot.dns.vultr;
