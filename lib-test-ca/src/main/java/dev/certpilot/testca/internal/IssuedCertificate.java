package dev.certpilot.testca.internal;

import dev.certpilot.testca.RenewalWindow;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** An issued certificate and its chains. Mutable revocation/ARI state; guarded by the {@link Store} lock. */
final class IssuedCertificate {
    final String id;
    final BigInteger serial;
    final String accountId;
    final X509Certificate leaf;
    /** One PEM chain (leaf first, root excluded) per issuing hierarchy; the default first. */
    final List<String> chainsPem;
    final List<Identifier> identifiers;
    final String certId;
    boolean revoked;
    Integer reason;
    Instant revokedAt;
    /** The order replacing this certificate, or null. */
    Order replacedBy;
    RenewalWindow window;
    /** A raw ARI response set through Pebble's management API, served verbatim, or null. */
    String rawRenewalInfo;

    IssuedCertificate(String id, BigInteger serial, String accountId, X509Certificate leaf, List<String> chainsPem,
                      List<Identifier> identifiers, String certId) {
        this.id = id;
        this.serial = serial;
        this.accountId = accountId;
        this.leaf = leaf;
        this.chainsPem = List.copyOf(chainsPem);
        this.identifiers = List.copyOf(identifiers);
        this.certId = certId;
    }
}
