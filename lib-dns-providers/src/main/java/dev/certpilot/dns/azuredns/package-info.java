/**
 * Azure DNS (public zones) through Azure Resource Manager with a service principal's client secret:
 * {@link dev.certpilot.dns.azuredns.AzureDnsProvider} and its factory (name {@code azuredns}).
 */
package dev.certpilot.dns.azuredns;
