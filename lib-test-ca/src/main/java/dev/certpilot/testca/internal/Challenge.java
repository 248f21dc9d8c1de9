package dev.certpilot.testca.internal;

import java.time.Instant;

/** A stored challenge. Mutable; guarded by the {@link Store} lock. */
final class Challenge {
    final String id;
    final String type;
    final String token;
    final Authorization authz;
    String status = "pending";
    Instant validated;
    Problem error;

    Challenge(String id, String type, String token, Authorization authz) {
        this.id = id;
        this.type = type;
        this.token = token;
        this.authz = authz;
    }
}
