/**
 * Amazon Route 53 through its REST API with hand-written AWS Signature Version 4:
 * {@link dev.certpilot.dns.route53.Route53DnsProvider} and its factory (name {@code route53}).
 */
package dev.certpilot.dns.route53;
