package dev.certpilot.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A private key as stores hold it: encrypted under a random data key that is itself wrapped by a
 * {@link KeyEncryptionKey} (an AES-256-GCM envelope made by {@link dev.certpilot.KeyProtection}). Stores treat
 * {@link #envelope()} as opaque bytes; {@link #kekId()} is kept beside it so keys can be found for KEK rotation.
 *
 * @param kekId    the id of the key-encryption key that wrapped the data key
 * @param envelope the opaque envelope (format version, wrapped data key, nonce, ciphertext)
 */
public record EncryptedKey(String kekId, byte[] envelope) {

    /** Validates and copies the components. */
    public EncryptedKey {
        Objects.requireNonNull(kekId, "kekId");
        if (kekId.isBlank()) {
            throw new IllegalArgumentException("kekId must not be blank");
        }
        envelope = Objects.requireNonNull(envelope, "envelope").clone();
        if (envelope.length == 0) {
            throw new IllegalArgumentException("envelope must not be empty");
        }
    }

    /** A copy of the envelope. */
    @Override
    public byte[] envelope() {
        return envelope.clone();
    }

    /** Compares by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedKey other && kekId.equals(other.kekId) && Arrays.equals(envelope, other.envelope);
    }

    /** Hashes by content. */
    @Override
    public int hashCode() {
        return 31 * kekId.hashCode() + Arrays.hashCode(envelope);
    }

    /** The KEK id and the length only; never the bytes. */
    @Override
    public String toString() {
        return "EncryptedKey[kek=" + kekId + ", " + envelope.length + " bytes]";
    }
}
