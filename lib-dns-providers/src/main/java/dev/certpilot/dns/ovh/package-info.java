/**
 * OVHcloud DNS through the OVH API v1 with signed requests: {@link dev.certpilot.dns.ovh.OvhDnsProvider} and its
 * factory (name {@code ovh}).
 */
package dev.certpilot.dns.ovh;
