/**
 * Linode (Akamai Cloud) DNS Manager through API v4: {@link dev.certpilot.dns.linode.LinodeDnsProvider} and its factory
 * (name {@code linode}).
 */
package dev.certpilot.dns.linode;
