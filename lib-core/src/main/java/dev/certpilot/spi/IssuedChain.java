package dev.certpilot.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A downloaded certificate chain.
 *
 * @param chain          leaf first, then the intermediates the CA sent
 * @param certificateUrl where the CA serves it
 */
public record IssuedChain(List<X509Certificate> chain, String certificateUrl) {

    /** Validates and copies the components. */
    public IssuedChain {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a chain holds at least the leaf");
        }
        Objects.requireNonNull(certificateUrl, "certificateUrl");
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }
}
