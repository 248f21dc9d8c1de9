package dev.certpilot.testca.it;

import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An External Account Binding key (RFC 8555 section 7.3.4): the key id a CA hands out and its HMAC key.
 * {@link #toString()} never shows the HMAC key.
 *
 * @param keyId   the {@code kid} the client sends
 * @param hmacKey the raw HMAC-SHA256 key
 */
public record ExternalAccountKey(String keyId, byte[] hmacKey) {

    /** Checks for null and copies the key. */
    public ExternalAccountKey {
        Objects.requireNonNull(keyId, "keyId");
        hmacKey = Objects.requireNonNull(hmacKey, "hmacKey").clone();
    }

    /** A new random 256-bit key under {@code keyId}. */
    public static ExternalAccountKey random(String keyId) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ExternalAccountKey(keyId, key);
    }

    /** A copy of the raw HMAC key. */
    @Override
    public byte[] hmacKey() {
        return hmacKey.clone();
    }

    /** The HMAC key base64url encoded without padding, the form CAs (Pebble, the bundled CA) are configured with. */
    public String hmacKeyBase64url() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hmacKey);
    }

    /**
     * The key as acme4j's {@code AccountBuilder.withKeyIdentifier(kid, SecretKey)} wants it: algorithm
     * {@code "HMAC"} (acme4j refuses {@code "HmacSHA256"}) and picks HS256 for a 256-bit key.
     */
    public SecretKey secretKey() {
        return new SecretKeySpec(hmacKey, "HMAC");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExternalAccountKey that && keyId.equals(that.keyId)
                && java.security.MessageDigest.isEqual(hmacKey, that.hmacKey);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "ExternalAccountKey[keyId=" + keyId + ", hmacKey=(hidden)]";
    }
}
