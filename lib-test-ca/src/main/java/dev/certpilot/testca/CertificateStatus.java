package dev.certpilot.testca;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Revocation status of one issued certificate as the CA knows it.
 *
 * @param serial    serial number, lower-case hex without leading zeros
 * @param revoked   whether the certificate has been revoked
 * @param reason    RFC 5280 reason code when revoked, else empty
 * @param revokedAt when it was revoked, else empty
 */
public record CertificateStatus(String serial, boolean revoked, Optional<Integer> reason, Optional<Instant> revokedAt) {
    /** Validates the components. */
    public CertificateStatus {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
