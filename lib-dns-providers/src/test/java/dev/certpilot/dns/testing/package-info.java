/**
 * Published in {@code certpilot-dns-providers:tests}: the provider contract test every adapter's test extends, and
 * the helpers those tests share (a non-sleeping {@link dev.certpilot.dns.Sleeper}, fault injection and stateful
 * vendor fakes on WireMock, free ports, the rule for tests that need an external program). Third-party adapters can
 * extend {@link dev.certpilot.dns.testing.DnsProviderContractTest} the same way; they add JUnit 5, AssertJ and
 * WireMock to their own test dependencies.
 */
package dev.certpilot.dns.testing;
