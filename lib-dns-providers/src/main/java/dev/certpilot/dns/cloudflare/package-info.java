/**
 * Cloudflare DNS through API v4: {@link dev.certpilot.dns.cloudflare.CloudflareDnsProvider} and its factory (name
 * {@code cloudflare}). This package is the pattern every REST adapter follows: a public provider with a builder
 * extending {@link dev.certpilot.dns.HttpProviderBuilder}, a public factory, and one package-private API client that
 * is the only class speaking the service's JSON.
 */
package dev.certpilot.dns.cloudflare;
