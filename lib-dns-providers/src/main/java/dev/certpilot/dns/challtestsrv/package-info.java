/**
 * The management API of pebble-challtestsrv and of certpilot's test DNS server:
 * {@link dev.certpilot.dns.challtestsrv.ChallTestSrvDnsProvider} and its factory (name {@code challtestsrv}).
 */
package dev.certpilot.dns.challtestsrv;
