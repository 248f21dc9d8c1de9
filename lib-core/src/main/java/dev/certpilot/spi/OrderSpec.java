package dev.certpilot.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to order.
 *
 * @param names    the DNS names (normalized, wildcards as {@code *.example.com}), 1 to 100
 * @param profile  the ACME profile to ask for, if any
 * @param replaces the certificate this order renews, for ARI's {@code replaces} (RFC 9773), if any
 */
public record OrderSpec(List<String> names, Optional<String> profile, Optional<X509Certificate> replaces) {

    /** Validates and copies the components. */
    public OrderSpec {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one name");
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(replaces, "replaces");
    }

    /** A copy without {@code replaces} (for CAs that refuse it). */
    public OrderSpec withoutReplaces() {
        return new OrderSpec(names, profile, Optional.empty());
    }
}
