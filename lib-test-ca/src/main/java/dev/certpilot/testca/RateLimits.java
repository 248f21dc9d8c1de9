package dev.certpilot.testca;

import java.time.Duration;
import java.util.Objects;

/**
 * Simulated rate limits, shaped like Let's Encrypt's. A limit of 0 turns that limit off. Windows slide and are
 * measured with the CA's clock. Orders that replace a certificate (RFC 9773 {@code replaces}) are exempt from all
 * of them. A refused request is answered 429 with a {@code rateLimited} problem and {@code Retry-After}.
 *
 * <p>"Registered domain" is approximated as the last two labels of a name (no public suffix list).
 *
 * @param newOrdersPerAccount          new orders per account within {@code newOrdersWindow}
 * @param newOrdersWindow              window of {@code newOrdersPerAccount}
 * @param certificatesPerDomain        certificates per registered domain within {@code certificatesPerDomainWindow}
 * @param certificatesPerDomainWindow  window of {@code certificatesPerDomain}
 * @param duplicateCertificates        certificates for the exact same set of identifiers within
 *                                     {@code duplicateCertificatesWindow}
 * @param duplicateCertificatesWindow  window of {@code duplicateCertificates}
 * @param failedAuthorizations         failed authorizations per identifier per account within
 *                                     {@code failedAuthorizationsWindow}
 * @param failedAuthorizationsWindow   window of {@code failedAuthorizations}
 */
public record RateLimits(int newOrdersPerAccount, Duration newOrdersWindow,
                         int certificatesPerDomain, Duration certificatesPerDomainWindow,
                         int duplicateCertificates, Duration duplicateCertificatesWindow,
                         int failedAuthorizations, Duration failedAuthorizationsWindow) {

    /** Validates the components. */
    public RateLimits {
        check(newOrdersPerAccount, newOrdersWindow, "newOrdersPerAccount");
        check(certificatesPerDomain, certificatesPerDomainWindow, "certificatesPerDomain");
        check(duplicateCertificates, duplicateCertificatesWindow, "duplicateCertificates");
        check(failedAuthorizations, failedAuthorizationsWindow, "failedAuthorizations");
    }

    private static void check(int limit, Duration window, String name) {
        if (limit < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        Objects.requireNonNull(window, name + " window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(name + " window must be positive");
        }
    }

    /** No limit at all (the default of {@link TestCa}). */
    public static RateLimits none() {
        return new RateLimits(0, Duration.ofHours(3), 0, Duration.ofDays(7), 0, Duration.ofDays(7), 0,
                Duration.ofHours(1));
    }

    /**
     * Let's Encrypt's published limits: 300 new orders per account per 3 hours, 50 certificates per registered
     * domain per 7 days, 5 duplicate certificates per 7 days, 5 failed authorizations per identifier per account
     * per hour.
     */
    public static RateLimits letsEncrypt() {
        return new RateLimits(300, Duration.ofHours(3), 50, Duration.ofDays(7), 5, Duration.ofDays(7), 5,
                Duration.ofHours(1));
    }

    /** A copy with another new-orders limit. */
    public RateLimits withNewOrdersPerAccount(int limit, Duration window) {
        return new RateLimits(limit, window, certificatesPerDomain, certificatesPerDomainWindow,
                duplicateCertificates, duplicateCertificatesWindow, failedAuthorizations, failedAuthorizationsWindow);
    }

    /** A copy with another certificates-per-registered-domain limit. */
    public RateLimits withCertificatesPerDomain(int limit, Duration window) {
        return new RateLimits(newOrdersPerAccount, newOrdersWindow, limit, window,
                duplicateCertificates, duplicateCertificatesWindow, failedAuthorizations, failedAuthorizationsWindow);
    }

    /** A copy with another duplicate-certificates limit. */
    public RateLimits withDuplicateCertificates(int limit, Duration window) {
        return new RateLimits(newOrdersPerAccount, newOrdersWindow, certificatesPerDomain,
                certificatesPerDomainWindow, limit, window, failedAuthorizations, failedAuthorizationsWindow);
    }

    /** A copy with another failed-authorizations limit. */
    public RateLimits withFailedAuthorizations(int limit, Duration window) {
        return new RateLimits(newOrdersPerAccount, newOrdersWindow, certificatesPerDomain,
                certificatesPerDomainWindow, duplicateCertificates, duplicateCertificatesWindow, limit, window);
    }
}
