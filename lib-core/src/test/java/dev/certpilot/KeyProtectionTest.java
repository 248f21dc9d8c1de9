package dev.certpilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.EncryptedKey;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.KeyEncryptionKey;
import dev.certpilot.spi.StoreFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyProtectionTest {

    private final KeyProtection protection = KeyProtection.ephemeral();

    static KeyPair generate(KeyType type) {
        return dev.certpilot.internal.crypto.Keys.generate(type);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void roundTripsEveryKeyType(KeyType type) throws Exception {
        KeyPair pair = generate(type);
        EncryptedKey enc = protection.protect(pair.getPrivate(), "cert-1");
        assertThat(enc.kekId()).isEqualTo(protection.primaryKekId());
        assertThat(protection.unprotect(enc, "cert-1").getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(KeyType.of(pair.getPublic())).contains(type);
    }

    @Test
    void ciphertextContainsNoKeyMaterial() throws Exception {
        KeyPair pair = generate(KeyType.EC_P256);
        byte[] der = pair.getPrivate().getEncoded();
        byte[] env = protection.protect(pair.getPrivate(), "cert-1").envelope();
        String hay = new String(env, java.nio.charset.StandardCharsets.ISO_8859_1);
        // no 16-byte window of the PKCS#8 encoding appears in the envelope
        for (int i = 0; i + 16 <= der.length; i += 8) {
            assertThat(hay).doesNotContain(new String(der, i, 16, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void keyBoundToOneRecordCannotBeDecryptedForAnother() throws Exception {
        EncryptedKey enc = protection.protect(generate(KeyType.EC_P256).getPrivate(), "cert-1");
        assertThatThrownBy(() -> protection.unprotect(enc, "cert-2"))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_PROTECTION_ERROR));
    }

    @Test
    void tamperingIsDetected() throws Exception {
        EncryptedKey enc = protection.protect(generate(KeyType.EC_P256).getPrivate(), "cert-1");
        byte[] bytes = enc.envelope();
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> protection.unprotect(new EncryptedKey(enc.kekId(), bytes), "cert-1"))
                .isInstanceOfSatisfying(CertpilotException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_PROTECTION_ERROR));
        assertThatThrownBy(() -> protection.unprotect(new EncryptedKey(enc.kekId(), new byte[] {1, 0}), "cert-1"))
                .isInstanceOf(CertpilotException.class);
    }

    @Test
    void unknownKekIsATypedErrorNamingTheId() throws Exception {
        EncryptedKey enc = protection.protect(generate(KeyType.EC_P256).getPrivate(), "cert-1");
        KeyProtection other = KeyProtection.ephemeral();
        assertThatThrownBy(() -> other.unprotect(enc, "cert-1"))
                .isInstanceOfSatisfying(CertpilotException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.KEY_PROTECTION_ERROR);
                    assertThat(e.getMessage()).contains(enc.kekId());
                });
    }

    @Test
    void rewrapMovesDataKeyToNewKekWithoutChangingTheKey() throws Exception {
        KeyEncryptionKey oldKek = KeyProtection.localKey("old", new byte[32]);
        KeyEncryptionKey newKek = KeyProtection.localKey("new", filled(7));
        KeyPair pair = generate(KeyType.RSA_2048);
        EncryptedKey underOld = KeyProtection.aesGcm(oldKek).protect(pair.getPrivate(), "c");
        KeyProtection rotating = KeyProtection.aesGcm(newKek, oldKek);
        EncryptedKey underNew = rotating.rewrap(underOld);
        assertThat(underNew.kekId()).isEqualTo("new");
        assertThat(rotating.rewrap(underNew)).isSameAs(underNew);
        assertThat(KeyProtection.aesGcm(newKek).unprotect(underNew, "c").getEncoded())
                .isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void rewrapAllRotatesCertificatesJobsAndAccountsAndIsResumable() throws Exception {
        KeyEncryptionKey oldKek = KeyProtection.localKey("old", filled(1));
        KeyEncryptionKey newKek = KeyProtection.localKey("new", filled(2));
        KeyProtection before = KeyProtection.aesGcm(oldKek);
        CertificateStore store = new InMemoryCertificateStore();
        KeyPair pair = generate(KeyType.EC_P256);
        String[] certIds = new String[5];
        for (int i = 0; i < certIds.length; i++) {
            CertificateRecord r = StoreFixtures.minimal("k" + i + ".example");
            certIds[i] = r.id();
            JobRecord job = StoreFixtures.job(r.id(), StoreFixtures.T0).toBuilder()
                    .pendingKey(before.protect(pair.getPrivate(), r.id())).build();
            store.commit(Commit.builder().certificate(r.toBuilder().key(before.protect(pair.getPrivate(), r.id()))
                    .activeJobId(job.id()).build()).job(job).build());
        }
        AccountRecord acct = StoreFixtures.account("https://ca/dir", "default");
        store.saveAccount(new AccountRecord(acct.id(), 0, acct.directoryUrl(), acct.accountName(), acct.accountUrl(),
                before.protect(pair.getPrivate(), acct.id()), acct.contacts(), acct.createdAt(), acct.updatedAt()));

        KeyProtection rotating = KeyProtection.aesGcm(newKek, oldKek);
        assertThat(rotating.rewrapAll(store)).isEqualTo(11);
        assertThat(rotating.rewrapAll(store)).isZero();

        KeyProtection onlyNew = KeyProtection.aesGcm(newKek);
        for (String id : certIds) {
            CertificateRecord r = store.findCertificate(id).orElseThrow();
            assertThat(onlyNew.unprotect(r.key().orElseThrow(), id).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
            JobRecord j = store.jobsOf(id).get(0);
            assertThat(onlyNew.unprotect(j.pendingKey().orElseThrow(), id)).isNotNull();
        }
        assertThat(onlyNew.unprotect(store.findAccount(acct.id()).orElseThrow().key(), acct.id())).isNotNull();
        assertThat(store.countCertificates(CertificateFilter.builder().keyNotWrappedBy("new").build())).isZero();
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReloadsTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/kek");
        KeyEncryptionKey first = KeyProtection.localKeyFile(file);
        KeyEncryptionKey again = KeyProtection.localKeyFile(file);
        assertThat(again.id()).isEqualTo(first.id());
        byte[] wrapped = first.wrap(filled(3));
        assertThat(again.unwrap(wrapped)).isEqualTo(filled(3));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        String content = Files.readString(file);
        assertThat(first.toString()).doesNotContain(content.split(" ")[1].trim());
        assertThat(KeyProtection.aesGcm(first).toString()).doesNotContain(content.split(" ")[1].trim());
    }

    @Test
    void badKeyFileIsATypedError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek");
        Files.writeString(file, "certpilot-kek-v1 " + Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        assertThatThrownBy(() -> KeyProtection.localKeyFile(file)).isInstanceOfSatisfying(CertpilotException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_PROTECTION_ERROR));
        Files.writeString(file, "something else\n");
        assertThatThrownBy(() -> KeyProtection.localKeyFile(file)).isInstanceOf(CertpilotException.class);
    }

    @Test
    void unsupportedKeysAreNotGivenAType() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        assertThat(KeyType.of(g.generateKeyPair().getPublic())).isEmpty();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp521r1"));
        assertThat(KeyType.of(ec.generateKeyPair().getPublic())).isEmpty();
        assertThat(EnumSet.allOf(KeyType.class)).hasSize(5);
    }

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }
}
