package dev.certpilot;

import dev.certpilot.internal.crypto.KekFile;
import dev.certpilot.internal.crypto.LocalAesKek;
import dev.certpilot.spi.EncryptedKey;
import dev.certpilot.spi.KeyEncryptionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Encrypts private keys before they reach a store: envelope encryption with a fresh AES-256-GCM data key per
 * private key, the data key wrapped by a {@link KeyEncryptionKey} (KEK). The ciphertext is bound to the record it
 * belongs to (certificate or account id, as GCM associated data), so keys cannot be swapped between records in the
 * database.
 *
 * <pre>{@code
 * KeyProtection protection = KeyProtection.aesGcm(KeyProtection.localKeyFile(Path.of("/etc/certpilot/kek")));
 * // rotation: new primary KEK, old one still able to decrypt until KeyProtection#rewrapAll has run
 * KeyProtection rotated = KeyProtection.aesGcm(newKek, oldKek);
 * }</pre>
 *
 * <p>Thread-safe and immutable. Never logs or prints keys.
 */
public final class KeyProtection {

    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyEncryptionKey primary;
    private final Map<String, KeyEncryptionKey> byId;

    private KeyProtection(KeyEncryptionKey primary, List<KeyEncryptionKey> previous) {
        this.primary = Objects.requireNonNull(primary, "primary");
        Map<String, KeyEncryptionKey> m = new LinkedHashMap<>();
        m.put(primary.id(), primary);
        for (KeyEncryptionKey k : previous) {
            m.putIfAbsent(Objects.requireNonNull(k, "previous KEK").id(), k);
        }
        this.byId = Map.copyOf(m);
    }

    /**
     * Envelope encryption under {@code primary}; {@code previous} KEKs can still decrypt (for rotation).
     *
     * @param primary  wraps every new data key
     * @param previous older KEKs, used only to unwrap
     */
    public static KeyProtection aesGcm(KeyEncryptionKey primary, KeyEncryptionKey... previous) {
        return new KeyProtection(primary, List.of(previous));
    }

    /**
     * Envelope encryption under a random KEK that lives only in this JVM. Right for the in-memory store (keys die
     * with the JVM anyway); wrong for any persistent store, since nothing could be decrypted after a restart.
     */
    public static KeyProtection ephemeral() {
        return aesGcm(LocalAesKek.random());
    }

    /**
     * A KEK from 32 raw bytes (AES-256), e.g. read from a secret manager.
     *
     * @param id  a stable id stored beside wrapped keys; {@code null} derives one from the key's fingerprint
     * @param key exactly 32 bytes
     */
    public static KeyEncryptionKey localKey(String id, byte[] key) {
        return new LocalAesKek(id, key);
    }

    /**
     * A KEK kept in a local file, created with a random key and permissions 0600 if missing. A
     * <em>development default</em>: in production keep the KEK in a KMS, an HSM or a secret manager.
     */
    public static KeyEncryptionKey localKeyFile(Path file) {
        return KekFile.loadOrCreate(file);
    }

    /** The id of the KEK that wraps new data keys. */
    public String primaryKekId() {
        return primary.id();
    }

    /**
     * Encrypts a private key for the record {@code boundTo} (a certificate or account id).
     *
     * @throws CertpilotException {@link ErrorCode#KEY_PROTECTION_ERROR} if encryption fails
     */
    public EncryptedKey protect(PrivateKey key, String boundTo) {
        byte[] plain = key.getEncoded();
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, boundTo, plain, 0, plain.length);
            byte[] wrapped = primary.wrap(dataKey);
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + wrapped.length + NONCE_BYTES + ciphertext.length);
            out.put(FORMAT_V1).putShort((short) wrapped.length).put(wrapped).put(nonce).put(ciphertext);
            return new EncryptedKey(primary.id(), out.array());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts a key protected for {@code boundTo}.
     *
     * @throws CertpilotException {@link ErrorCode#KEY_PROTECTION_ERROR} when its KEK is not configured, the
     *                            envelope was tampered with, or it belongs to another record
     */
    public PrivateKey unprotect(EncryptedKey key, String boundTo) {
        Envelope env = Envelope.parse(key);
        byte[] dataKey = kek(key.kekId()).unwrap(env.wrapped);
        byte[] plain = null;
        try {
            plain = gcm(Cipher.DECRYPT_MODE, dataKey, env.nonce, boundTo, env.ciphertext, 0, env.ciphertext.length);
            return jdkKey(plain);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof CertpilotException c) {
                throw c;
            }
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "decrypted key is not a PKCS#8 private key", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * Re-wraps the data key of {@code key} under the primary KEK. The private key itself is not decrypted.
     * Returns {@code key} unchanged when it already is under the primary KEK.
     */
    public EncryptedKey rewrap(EncryptedKey key) {
        if (key.kekId().equals(primary.id())) {
            return key;
        }
        Envelope env = Envelope.parse(key);
        byte[] dataKey = kek(key.kekId()).unwrap(env.wrapped);
        try {
            byte[] wrapped = primary.wrap(dataKey);
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + wrapped.length + NONCE_BYTES + env.ciphertext.length);
            out.put(FORMAT_V1).putShort((short) wrapped.length).put(wrapped).put(env.nonce).put(env.ciphertext);
            return new EncryptedKey(primary.id(), out.array());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Re-wraps every stored key not yet under the primary KEK: certificate keys, the pending keys of jobs in flight
     * and ACME account keys. Runs while managers keep working (each record is updated with optimistic versioning
     * and re-read on conflict) and may be interrupted and run again: it continues where it stopped. When it returns
     * 0 the old KEKs are no longer needed.
     *
     * @return how many keys were re-wrapped
     * @throws CertpilotException {@link ErrorCode#KEY_PROTECTION_ERROR} when a key's KEK is not configured
     */
    public int rewrapAll(dev.certpilot.spi.CertificateStore store) {
        int count = 0;
        CertificateFilter stale = CertificateFilter.builder().keyNotWrappedBy(primary.id()).build();
        PageRequest page = PageRequest.first(100);
        while (page != null) {
            Page<dev.certpilot.spi.CertificateRecord> batch = store.listCertificates(stale, page);
            for (dev.certpilot.spi.CertificateRecord r : batch.items()) {
                count += rewrapCertificate(store, r.id());
            }
            page = batch.next(100).orElse(null);
        }
        page = PageRequest.first(100);
        CertificateFilter busy = CertificateFilter.builder().hasActiveJob(true).build();
        while (page != null) {
            Page<dev.certpilot.spi.CertificateRecord> batch = store.listCertificates(busy, page);
            for (dev.certpilot.spi.CertificateRecord r : batch.items()) {
                for (dev.certpilot.spi.JobRecord j : store.jobsOf(r.id())) {
                    count += rewrapJob(store, j.id());
                }
            }
            page = batch.next(100).orElse(null);
        }
        for (dev.certpilot.spi.AccountRecord a : store.accounts()) {
            count += rewrapAccount(store, a.id());
        }
        return count;
    }

    private int rewrapCertificate(dev.certpilot.spi.CertificateStore store, String id) {
        return onConflictRetry(() -> {
            var current = store.findCertificate(id).orElse(null);
            if (current == null || current.key().isEmpty() || current.key().get().kekId().equals(primary.id())) {
                return 0;
            }
            store.commit(dev.certpilot.spi.Commit.builder()
                    .certificate(current.toBuilder().key(rewrap(current.key().get())).build()).build());
            return 1;
        });
    }

    private int rewrapJob(dev.certpilot.spi.CertificateStore store, String id) {
        return onConflictRetry(() -> {
            var current = store.findJob(id).orElse(null);
            if (current == null || current.pendingKey().isEmpty()
                    || current.pendingKey().get().kekId().equals(primary.id())) {
                return 0;
            }
            store.commit(dev.certpilot.spi.Commit.builder()
                    .job(current.toBuilder().pendingKey(rewrap(current.pendingKey().get())).build()).build());
            return 1;
        });
    }

    private int rewrapAccount(dev.certpilot.spi.CertificateStore store, String id) {
        return onConflictRetry(() -> {
            var current = store.findAccount(id).orElse(null);
            if (current == null || current.key().kekId().equals(primary.id())) {
                return 0;
            }
            store.saveAccount(current.withKey(rewrap(current.key()), current.updatedAt()));
            return 1;
        });
    }

    /** Runs a read-rewrap-write, reading again when a concurrent update won (up to ten times). */
    private static int onConflictRetry(java.util.function.IntSupplier readRewrapWrite) {
        for (int attempt = 0; ; attempt++) {
            try {
                return readRewrapWrite.getAsInt();
            } catch (CertpilotException e) {
                if (e.code() != ErrorCode.STORE_CONFLICT || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Names the KEK ids only. */
    @Override
    public String toString() {
        return "KeyProtection[primary=" + primary.id() + ", kekIds=" + byId.keySet() + "]";
    }

    private KeyEncryptionKey kek(String id) {
        KeyEncryptionKey k = byId.get(id);
        if (k == null) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "the key was wrapped by KEK '" + id + "', which is not configured (configured: " + byId.keySet()
                            + ")");
        }
        return k;
    }

    /**
     * The JDK's own key object for a PKCS#8 encoding (SunEC / SunRsaSign): what TLS stacks and keystores expect.
     * (The ACME account key is turned into a BouncyCastle key for signing, where speed matters: see
     * {@code SigningKeys}.)
     */
    private static PrivateKey jdkKey(byte[] pkcs8) throws GeneralSecurityException {
        String oid = PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.10045.2.1" -> "EC";
            case "1.2.840.113549.1.1.1" -> "RSA";
            default -> throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "decrypted key has an unsupported algorithm (OID " + oid + ")");
        };
        return java.security.KeyFactory.getInstance(algorithm)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    }

    private static byte[] gcm(int mode, byte[] dataKey, byte[] nonce, String boundTo, byte[] in, int off, int len) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(("certpilot-key-v1:" + Objects.requireNonNull(boundTo, "boundTo"))
                    .getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, off, len);
        } catch (GeneralSecurityException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, mode == Cipher.ENCRYPT_MODE
                    ? "encrypting a private key failed"
                    : "private key could not be decrypted for '" + boundTo + "' (tampered, or it belongs to another record)",
                    e);
        }
    }

    private record Envelope(byte[] wrapped, byte[] nonce, byte[] ciphertext) {
        static Envelope parse(EncryptedKey key) {
            ByteBuffer in = ByteBuffer.wrap(key.envelope());
            try {
                if (in.get() != FORMAT_V1) {
                    throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "unknown key envelope format");
                }
                byte[] wrapped = new byte[in.getShort() & 0xFFFF];
                in.get(wrapped);
                byte[] nonce = new byte[NONCE_BYTES];
                in.get(nonce);
                byte[] ciphertext = new byte[in.remaining()];
                in.get(ciphertext);
                if (ciphertext.length <= TAG_BITS / 8) {
                    throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "key envelope is truncated");
                }
                return new Envelope(wrapped, nonce, ciphertext);
            } catch (java.nio.BufferUnderflowException e) {
                throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR, "key envelope is truncated", e);
            }
        }
    }
}
