/**
 * Ready-made {@link dev.certpilot.spi.DistributionTarget}s, created through {@link
 * dev.certpilot.distribution.DistributionTargets}: a PEM directory, a PKCS#12 or JKS keystore file, a callback and
 * an exec hook. The live TLS key manager, also a target, is {@link dev.certpilot.tls.CertpilotKeyManager}.
 *
 * <p>Every target honours dry runs (changes nothing, reports what it would do), is idempotent, reports failure by
 * throwing a {@link dev.certpilot.distribution.DistributionException} (code {@code DISTRIBUTION_FAILED}) and never
 * puts key material or passwords into its reports, exceptions or {@code toString()}.
 */
package dev.certpilot.distribution;
