package dev.certpilot.spi;

import dev.certpilot.Problem;
import java.util.Objects;
import java.util.Optional;

/**
 * One authorization of an order as the CA currently sees it.
 *
 * @param url        the authorization URL
 * @param name       the DNS name it authorizes, {@code *.example.com} for a wildcard
 * @param status     the authorization's status
 * @param challenge  its dns-01 challenge, absent when the CA offers none
 * @param error      why it failed, when it is invalid
 */
public record AuthorizationState(String url, String name, AuthorizationStatus status, Optional<DnsChallenge> challenge,
                                 Optional<Problem> error) {

    /** Validates the components. */
    public AuthorizationState {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(error, "error");
    }
}
