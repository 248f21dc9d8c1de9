package dev.certpilot.spi;

/**
 * Wraps and unwraps data keys: the outer layer of certpilot's envelope encryption. Implementations may hold an AES
 * key locally ({@link dev.certpilot.KeyProtection#localKey}) or call a KMS / HSM; the data key never leaves
 * certpilot unwrapped except into {@link #wrap}.
 *
 * <p>Thread-safe. {@code toString()} must not reveal key material.
 */
public interface KeyEncryptionKey {

    /** A stable id stored beside every key this KEK wraps, so the right KEK is found after rotation. */
    String id();

    /** Wraps (encrypts and authenticates) a 32-byte data key. */
    byte[] wrap(byte[] dataKey);

    /**
     * Unwraps a data key wrapped by {@link #wrap}.
     *
     * @throws dev.certpilot.CertpilotException {@code KEY_PROTECTION_ERROR} when the bytes were not wrapped by this
     *                                          KEK or were tampered with
     */
    byte[] unwrap(byte[] wrapped);
}
