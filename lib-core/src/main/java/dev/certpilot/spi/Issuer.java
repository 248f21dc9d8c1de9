package dev.certpilot.spi;

/**
 * A certificate authority certpilot can order from. An {@code Issuer} is configuration; the manager
 * {@linkplain #open opens} one {@link IssuerSession} per issuer when it starts and closes it when it closes.
 *
 * <p>{@link dev.certpilot.acme.AcmeIssuer} is the implementation for ACME CAs. Several issuers can be configured;
 * they are tried in order when one fails in a way another may not (unreachable, 5xx, rate limited).
 */
public interface Issuer {

    /** A short, unique name (letters, digits, {@code .-_}), used in requests, records and events. */
    String name();

    /**
     * Opens a session: loads or creates the ACME account (through {@link IssuerContext#store()}), fetches the
     * directory. Called once by the manager; may block on network I/O.
     *
     * @throws dev.certpilot.CaException when the CA cannot be reached or refuses the account
     */
    IssuerSession open(IssuerContext context);
}
