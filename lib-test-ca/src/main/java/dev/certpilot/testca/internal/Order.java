package dev.certpilot.testca.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stored order. Mutable; guarded by the {@link Store} lock. */
final class Order {
    final String id;
    final String accountId;
    final List<Identifier> identifiers;
    final List<Authorization> authorizations = new ArrayList<>();
    final Instant expires;
    final String profile;
    /** The certID of the certificate this order replaces, or null. */
    final String replaces;
    final IssuedCertificate replacedCertificate;
    final Instant createdAt;
    boolean processing;
    IssuedCertificate certificate;
    Problem error;

    Order(String id, String accountId, List<Identifier> identifiers, Instant expires, String profile,
          String replaces, IssuedCertificate replacedCertificate, Instant createdAt) {
        this.id = id;
        this.accountId = accountId;
        this.identifiers = List.copyOf(identifiers);
        this.expires = expires;
        this.profile = profile;
        this.replaces = replaces;
        this.replacedCertificate = replacedCertificate;
        this.createdAt = createdAt;
    }

    /** The status as of {@code now}, derived from the authorizations as RFC 8555 section 7.1.6 describes. */
    String status(Instant now) {
        if (certificate != null) {
            return "valid";
        }
        if (error != null) {
            return "invalid";
        }
        if (processing) {
            return "processing";
        }
        if (!now.isBefore(expires)) {
            return "invalid";
        }
        boolean allValid = true;
        for (Authorization a : authorizations) {
            String s = a.status(now);
            if (!"valid".equals(s) && !"pending".equals(s)) {
                return "invalid";
            }
            allValid &= "valid".equals(s);
        }
        return allValid ? "ready" : "pending";
    }
}
