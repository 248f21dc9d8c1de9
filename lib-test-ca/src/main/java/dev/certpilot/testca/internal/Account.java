package dev.certpilot.testca.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.PublicJsonWebKey;

/** A stored ACME account. Mutable; guarded by the {@link Store} lock. */
final class Account {
    final String id;
    final Instant createdAt;
    PublicJsonWebKey key;
    /** {@link #key} as a BouncyCastle key, for fast signature checks. */
    java.security.PublicKey verifyKey;
    String thumbprint;
    List<String> contacts;
    String status = "valid";
    final String eabKid;
    /** The external account binding JWS as sent (public: a MAC, no key), echoed in the account object; or null. */
    Object eabBinding;
    final List<String> orderIds = new ArrayList<>();

    Account(String id, PublicJsonWebKey key, String thumbprint, List<String> contacts, String eabKid,
            Instant createdAt) {
        this.id = id;
        this.key = key;
        this.verifyKey = Crypto.toBc(key.getPublicKey());
        this.thumbprint = thumbprint;
        this.contacts = List.copyOf(contacts);
        this.eabKid = eabKid;
        this.createdAt = createdAt;
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + status + "]";
    }
}
