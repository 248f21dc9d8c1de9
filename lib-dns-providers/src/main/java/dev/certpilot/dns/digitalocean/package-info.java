/**
 * DigitalOcean DNS through API v2: {@link dev.certpilot.dns.digitalocean.DigitalOceanDnsProvider} and its factory
 * (name {@code digitalocean}).
 */
package dev.certpilot.dns.digitalocean;
