/**
 * Google Cloud DNS through its REST API v1 with a service account key (OAuth 2.0 JWT bearer grant, RS256 with the
 * JDK): {@link dev.certpilot.dns.gcloud.GoogleCloudDnsProvider} and its factory (name {@code gcloud}).
 */
package dev.certpilot.dns.gcloud;
