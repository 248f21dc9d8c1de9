package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.KeyEncryptionKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A key-encryption key held in memory: AES-256-GCM with a random 96-bit nonce per wrap. */
public final class LocalAesKek implements KeyEncryptionKey {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SecretKeySpec key;

    /**
     * Creates a KEK.
     *
     * @param id  the id stored beside wrapped keys; {@code null} derives one from the key's SHA-256 fingerprint
     * @param raw exactly 32 bytes (copied)
     */
    public LocalAesKek(String id, byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "a local KEK must be 32 bytes (AES-256)");
        }
        this.key = new SecretKeySpec(raw.clone(), "AES");
        this.id = id != null ? id : "local-" + fingerprint(raw);
    }

    /** A KEK with 32 random bytes. */
    public static LocalAesKek random() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new LocalAesKek(null, raw);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(dataKey);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "wrapping a data key failed", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        if (wrapped.length <= NONCE_BYTES) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "wrapped data key is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            c.updateAAD(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return c.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "data key could not be unwrapped with KEK '" + id + "' (wrong key or tampered data)", e);
        }
    }

    /** The id only, never key material. */
    @Override
    public String toString() {
        return "LocalAesKek[" + id + "]";
    }

    private static String fingerprint(byte[] raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
