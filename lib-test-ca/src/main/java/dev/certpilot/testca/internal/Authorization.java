package dev.certpilot.testca.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stored authorization. Mutable; guarded by the {@link Store} lock. */
final class Authorization {
    final String id;
    final String accountId;
    /** The identifier validated: for a wildcard, its base name. */
    final Identifier identifier;
    final boolean wildcard;
    final List<Challenge> challenges = new ArrayList<>();
    /** Orders that use this authorization (more than one when reused). */
    final List<Order> orders = new ArrayList<>();
    String status = "pending";
    Instant expires;

    Authorization(String id, String accountId, Identifier identifier, boolean wildcard, Instant expires) {
        this.id = id;
        this.accountId = accountId;
        this.identifier = identifier;
        this.wildcard = wildcard;
        this.expires = expires;
    }

    /** The status as of {@code now}: a pending or valid authorization past its expiry is expired. */
    String status(Instant now) {
        if (("pending".equals(status) || "valid".equals(status)) && !now.isBefore(expires)) {
            return "expired";
        }
        return status;
    }
}
