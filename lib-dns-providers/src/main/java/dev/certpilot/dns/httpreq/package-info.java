/**
 * lego's HTTP request protocol ({@code POST /present}, {@code POST /cleanup}):
 * {@link dev.certpilot.dns.httpreq.HttpReqDnsProvider} and its factory (name {@code httpreq}).
 */
package dev.certpilot.dns.httpreq;
