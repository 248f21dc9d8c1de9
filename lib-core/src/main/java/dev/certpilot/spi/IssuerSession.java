package dev.certpilot.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to one CA, driven by the engine one step at a time so that every step can be checkpointed
 * and resumed (by order URL) after a crash. All methods may block on network I/O and are thread-safe; they never
 * sleep to wait for the CA: the engine polls with {@link #order(String)} and honours {@link IssuerOrder#retryAfter()}.
 *
 * <p>Failures are {@link dev.certpilot.CaException}s ({@code CA_ERROR}, {@code CHALLENGE_FAILED}) or
 * {@link dev.certpilot.RateLimitedException}s ({@code CA_RATE_LIMITED}).
 */
public interface IssuerSession extends AutoCloseable {

    /** Creates a new order. */
    IssuerOrder newOrder(OrderSpec spec);

    /** The current state of an order, by URL. */
    IssuerOrder order(String orderUrl);

    /** The current state of the given authorizations, in the same order. */
    List<AuthorizationState> authorizations(List<String> authorizationUrls);

    /**
     * Tells the CA that the record of a pending challenge is in place and it may validate. The engine triggers only
     * challenges it saw pending; after a resume it re-reads the authorizations first.
     *
     * @return the challenge's status in the CA's answer ({@code VALID} when the CA validated at once)
     */
    AuthorizationStatus trigger(String challengeUrl);

    /**
     * Sends the CSR of a ready order. Does nothing if the order is already processing or valid.
     *
     * @return the order's status in the CA's answer ({@code VALID} when it issued at once)
     */
    OrderStatus finalizeOrder(String orderUrl, byte[] csrDer);

    /**
     * Downloads the certificate of a valid order: the chain the issuer is configured to prefer among the CA's
     * alternates, else the default chain.
     */
    IssuedChain download(String orderUrl);

    /** The CA's renewal window for a certificate it issued, if it offers ACME Renewal Information. */
    default Optional<RenewalWindow> renewalInfo(X509Certificate certificate) {
        return Optional.empty();
    }

    /**
     * Revokes a certificate this CA issued, as the account that ordered it.
     *
     * @param reason the RFC 5280 reason code (0 unspecified, 1 keyCompromise, 4 superseded, 5 cessationOfOperation...)
     */
    void revoke(X509Certificate certificate, int reason);

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
