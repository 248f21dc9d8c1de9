/**
 * Namecheap DNS through the Namecheap XML API (getHosts / setHosts of the whole domain):
 * {@link dev.certpilot.dns.namecheap.NamecheapDnsProvider} and its factory (name {@code namecheap}).
 */
package dev.certpilot.dns.namecheap;
