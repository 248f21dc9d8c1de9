package dev.certpilot.spi;

import dev.certpilot.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An order as the CA currently sees it.
 *
 * @param url               the order URL, the durable reference the engine checkpoints
 * @param status            the order's status
 * @param authorizationUrls the URLs of its authorizations
 * @param expires           when the CA drops the order
 * @param retryAfter        when to poll again, if the CA said ({@code Retry-After})
 * @param error             why it failed, when it is invalid
 */
public record IssuerOrder(String url, OrderStatus status, List<String> authorizationUrls, Optional<Instant> expires,
                          Optional<Instant> retryAfter, Optional<Problem> error) {

    /** Validates and copies the components. */
    public IssuerOrder {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        authorizationUrls = List.copyOf(authorizationUrls);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(error, "error");
    }
}
