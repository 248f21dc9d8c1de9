/**
 * deSEC through its REST API: {@link dev.certpilot.dns.desec.DesecDnsProvider} and its factory (name {@code desec}).
 */
package dev.certpilot.dns.desec;
