/**
 * DNS-01 adapters for real DNS services, and what they share.
 *
 * <p>Each provider lives in its own package ({@code dev.certpilot.dns.cloudflare}, {@code dev.certpilot.dns.rfc2136}
 * ...) with two public classes: the provider, built with a typed builder, and its
 * {@link dev.certpilot.spi.DnsProviderFactory} registered with {@link java.util.ServiceLoader} so that
 * {@link dev.certpilot.DnsProviders#byName(String, java.util.Map)} finds it. This package holds the few public types
 * every HTTP provider's builder shares: {@link dev.certpilot.dns.HttpProviderBuilder}, {@link dev.certpilot.dns.RetryPolicy}
 * and {@link dev.certpilot.dns.Sleeper}. Everything else is in {@code dev.certpilot.dns.internal} and may change
 * without notice.
 */
package dev.certpilot.dns;
