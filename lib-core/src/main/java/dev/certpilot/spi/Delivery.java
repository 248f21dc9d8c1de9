package dev.certpilot.spi;

import dev.certpilot.internal.crypto.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate handed to a {@link DistributionTarget}: issued for the first time or renewed.
 *
 * @param certificateId the certificate's id
 * @param version       which issued version this is (1 for the first, +1 per renewal)
 * @param names         the DNS names
 * @param chain         leaf first, then the intermediates
 * @param privateKey    the private key; empty for a certificate from a caller's CSR (the caller holds the key),
 *                      which targets must then deliver without a key (or refuse if they need one)
 * @param dryRun        when {@code true} the target changes nothing and reports what it would do
 */
public record Delivery(String certificateId, int version, List<String> names, List<X509Certificate> chain,
                       Optional<PrivateKey> privateKey, boolean dryRun) {

    /** Validates and copies the components. */
    public Delivery {
        Objects.requireNonNull(certificateId, "certificateId");
        names = List.copyOf(names);
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a delivery carries at least the leaf certificate");
        }
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The leaf alone, PEM. */
    public String certificatePem() {
        return Pem.certificates(List.of(leaf()));
    }

    /** The intermediates without the leaf, PEM (may be empty). */
    public String chainPem() {
        return Pem.certificates(chain.subList(1, chain.size()));
    }

    /** Leaf then intermediates, PEM: what most servers want as "fullchain". */
    public String fullChainPem() {
        return Pem.certificates(chain);
    }

    /** The private key as PKCS#8 PEM, if there is one. Handle with care. */
    public Optional<String> privateKeyPem() {
        return privateKey.map(Pem::privateKey);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "Delivery[" + certificateId + " v" + version + ", names=" + names + ", key="
                + (privateKey.isPresent() ? "present" : "none") + ", dryRun=" + dryRun + "]";
    }
}
