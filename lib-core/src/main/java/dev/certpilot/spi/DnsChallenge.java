package dev.certpilot.spi;

import java.util.Objects;

/**
 * The dns-01 challenge of one authorization.
 *
 * @param url        the challenge URL (what is POSTed to trigger validation)
 * @param recordName the record name to publish at, e.g. {@code _acme-challenge.example.com} (normalized)
 * @param txtValue   the TXT value to publish (base64url SHA-256 of the key authorization)
 * @param status     the challenge's status
 */
public record DnsChallenge(String url, String recordName, String txtValue, AuthorizationStatus status) {

    /** Validates the components. */
    public DnsChallenge {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(txtValue, "txtValue");
        Objects.requireNonNull(status, "status");
    }
}
