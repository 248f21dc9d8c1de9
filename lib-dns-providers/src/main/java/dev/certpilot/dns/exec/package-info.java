/**
 * An external program that publishes records, called the way lego's {@code exec} provider calls it:
 * {@link dev.certpilot.dns.exec.ExecDnsProvider} and its factory (name {@code exec}).
 */
package dev.certpilot.dns.exec;
