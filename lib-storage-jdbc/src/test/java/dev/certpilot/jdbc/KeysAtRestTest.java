package dev.certpilot.jdbc;

import static dev.certpilot.spi.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.KeyProtection;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.AccountRecord;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import dev.certpilot.spi.EncryptedKey;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.KeyEncryptionKey;
import dev.certpilot.spi.StoreFixtures;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Private keys at rest: only ever encrypted in any table, and re-wrapped under a new KEK while in use. */
abstract class KeysAtRestTest {

    /** The database under test. */
    abstract TestDatabase database();

    @Test
    void noTableEverHoldsAPlaintextPrivateKey() throws Exception {
        String prefix = Prefixes.fresh("keys");
        CertificateStore store = database().store(database().primary(), prefix);
        KeyProtection protection = KeyProtection.aesGcm(kek("kek-a"));
        PrivateKey ec = ecKey();
        PrivateKey rsa = rsaKey();
        PrivateKey pending = ecKey();
        PrivateKey account = ecKey();

        CertificateRecord a = StoreFixtures.full("ec.example");
        a = a.toBuilder().key(protection.protect(ec, a.id())).build();
        CertificateRecord b = StoreFixtures.full("rsa.example");
        b = b.toBuilder().key(protection.protect(rsa, b.id())).build();
        JobRecord job = StoreFixtures.fullJob(a.id());
        job = job.toBuilder().pendingKey(protection.protect(pending, a.id())).build();
        store.commit(Commit.builder().certificate(a).job(job).event(StoreFixtures.event(a.id(),
                dev.certpilot.EventType.CERT_ISSUED, T0)).build());
        store.commit(Commit.builder().certificate(b).build());
        AccountRecord acct = StoreFixtures.account("https://ca.example/dir", "default");
        store.saveAccount(new AccountRecord(acct.id(), 0, acct.directoryUrl(), acct.accountName(), acct.accountUrl(),
                protection.protect(account, acct.id()), acct.contacts(), T0, T0));

        KeyLeakScanner scanner = new KeyLeakScanner(List.of(ec, rsa, pending, account));
        List<TableDump.Cell> cells = TableDump.dump(database().primary(), prefix);
        assertThat(cells).extracting(TableDump.Cell::column).map(String::toLowerCase)
                .contains("key_envelope", "pending_key_envelope");
        assertThat(scanner.scan(cells)).isEmpty();
        // and the keys are all there, encrypted
        assertThat(material(protection.unprotect(store.findCertificate(a.id()).orElseThrow().key().orElseThrow(),
                a.id()))).isEqualTo(material(ec));
        assertThat(material(protection.unprotect(store.findJob(job.id()).orElseThrow().pendingKey().orElseThrow(),
                a.id()))).isEqualTo(material(pending));
    }

    @Test
    void theLeakScanFindsKeysStoredInPlaintext() throws Exception {
        String prefix = Prefixes.fresh("leak");
        CertificateStore store = database().store(database().primary(), prefix);
        PrivateKey ec = ecKey();
        PrivateKey rsa = rsaKey();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(ec.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        store.commit(Commit.builder().certificate(StoreFixtures.minimal("pem.example").toBuilder().chainPem(pem)
                .build()).build());
        store.commit(Commit.builder().certificate(StoreFixtures.minimal("der.example").toBuilder()
                .key(new EncryptedKey("not-encrypted", rsa.getEncoded())).build()).build());

        List<String> leaks = new KeyLeakScanner(List.of(ec, rsa)).scan(TableDump.dump(database().primary(), prefix));
        assertThat(leaks).anyMatch(l -> l.endsWith("chain_pem: PEM private key header"))
                .anyMatch(l -> l.endsWith("chain_pem: base64 or hex of a private key"))
                .anyMatch(l -> l.endsWith("key_envelope: raw private key bytes"));
    }

    @Test
    void kekRotationUnderConcurrentUpdatesLosesNothingAndResumesAfterAnInterruption() throws Exception {
        String prefix = Prefixes.fresh("rot");
        CertificateStore store = database().store(database().primary(), prefix);
        KeyEncryptionKey oldKek = kek("kek-old");
        KeyEncryptionKey newKek = kek("kek-new");
        KeyProtection before = KeyProtection.aesGcm(oldKek);
        Map<String, PrivateKey> keys = new ConcurrentHashMap<>();
        List<String> certIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PrivateKey key = ecKey();
            CertificateRecord r = StoreFixtures.minimal("rot" + i + ".example");
            r = r.toBuilder().key(before.protect(key, r.id())).build();
            Commit.Builder commit = Commit.builder();
            if (i % 4 == 0) {
                PrivateKey pendingKey = ecKey();
                JobRecord job = StoreFixtures.job(r.id(), T0).toBuilder()
                        .pendingKey(before.protect(pendingKey, r.id())).build();
                r = r.toBuilder().activeJobId(job.id()).build();
                commit.job(job);
                keys.put(job.id(), pendingKey);
            }
            store.commit(commit.certificate(r).build());
            keys.put(r.id(), key);
            certIds.add(r.id());
        }
        for (String name : List.of("first", "second")) {
            PrivateKey key = ecKey();
            AccountRecord a = StoreFixtures.account("https://ca.example/dir", name);
            store.saveAccount(new AccountRecord(a.id(), 0, a.directoryUrl(), name, Optional.empty(),
                    before.protect(key, a.id()), List.of(), T0, T0));
            keys.put(a.id(), key);
        }
        int totalKeys = keys.size();

        Map<String, String> lastTouch = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger touches = new AtomicInteger();
        Thread updater = new Thread(() -> touchUntilStopped(database().store(database().second(), prefix), certIds,
                lastTouch, touches, stop));
        updater.start();
        KeyProtection rotated = KeyProtection.aesGcm(newKek, oldKek);
        try {
            assertThatThrownBy(() -> rotated.rewrapAll(failingAfterWrites(store, 9)))
                    .isInstanceOf(CertpilotException.class).hasMessageContaining("simulated crash");
            int left = stillUnderOldKek(store, certIds);
            assertThat(left).isPositive().isLessThan(totalKeys);
            assertThat(rotated.rewrapAll(store)).isEqualTo(left);
            assertThat(rotated.rewrapAll(store)).isZero();
        } finally {
            stop.set(true);
            updater.join(60_000);
        }
        assertThat(touches.get()).isPositive();

        KeyProtection onlyNew = KeyProtection.aesGcm(newKek);
        for (String id : certIds) {
            CertificateRecord r = store.findCertificate(id).orElseThrow();
            assertThat(r.kekId()).contains("kek-new");
            assertThat(material(onlyNew.unprotect(r.key().orElseThrow(), id))).isEqualTo(material(keys.get(id)));
            assertThat(r.labels().get("touch")).as("last update of " + id).isEqualTo(lastTouch.get(id));
            for (JobRecord j : store.jobsOf(id)) {
                assertThat(material(onlyNew.unprotect(j.pendingKey().orElseThrow(), id)))
                        .isEqualTo(material(keys.get(j.id())));
            }
        }
        for (AccountRecord a : store.accounts()) {
            assertThat(material(onlyNew.unprotect(a.key(), a.id()))).isEqualTo(material(keys.get(a.id())));
        }
    }

    /** Another instance keeps updating certificates (read, change a label, write; re-read on conflict). */
    private static void touchUntilStopped(CertificateStore other, List<String> ids, Map<String, String> lastTouch,
                                          AtomicInteger touches, AtomicBoolean stop) {
        for (int n = 0; !stop.get() && n < 100_000; n++) {
            String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
            CertificateRecord current = other.findCertificate(id).orElseThrow();
            String value = Integer.toString(n);
            try {
                other.commit(Commit.builder().certificate(current.toBuilder().labels(Map.of("touch", value)).build())
                        .build());
                lastTouch.put(id, value);
                touches.incrementAndGet();
            } catch (CertpilotException e) {
                if (e.code() != ErrorCode.STORE_CONFLICT) {
                    throw e;
                }
            }
        }
    }

    private static int stillUnderOldKek(CertificateStore store, List<String> certIds) {
        int count = (int) store.countCertificates(CertificateFilter.builder().keyNotWrappedBy("kek-new").build());
        for (String id : certIds) {
            count += (int) store.jobsOf(id).stream()
                    .filter(j -> j.pendingKey().filter(k -> !k.kekId().equals("kek-new")).isPresent()).count();
        }
        count += (int) store.accounts().stream().filter(a -> !a.key().kekId().equals("kek-new")).count();
        assertThat(store.listCertificates(CertificateFilter.ALL, PageRequest.first(100)).items()).hasSize(20);
        return count;
    }

    /** The store, except that the write after {@code writes} successful ones fails as if the process died. */
    private static CertificateStore failingAfterWrites(CertificateStore store, int writes) {
        AtomicInteger done = new AtomicInteger();
        return (CertificateStore) Proxy.newProxyInstance(KeysAtRestTest.class.getClassLoader(),
                new Class<?>[] {CertificateStore.class}, (proxy, method, args) -> {
                    boolean write = method.getName().equals("commit") || method.getName().equals("saveAccount");
                    if (write && done.get() >= writes) {
                        throw new CertpilotException(ErrorCode.STORE_ERROR, "simulated crash");
                    }
                    try {
                        Object result = method.invoke(store, args);
                        if (write) {
                            done.incrementAndGet();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static KeyEncryptionKey kek(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return KeyProtection.localKey(id, key);
    }

    private static PrivateKey ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPrivate();
    }

    private static PrivateKey rsaKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPrivate();
    }

    /**
     * The secret numbers of a key, whichever provider made the key object: once another test in this JVM has
     * registered BouncyCastle, decrypted EC keys come back as BouncyCastle keys, whose encoding adds the curve
     * parameters, so encodings are not compared.
     */
    static List<java.math.BigInteger> material(java.security.PrivateKey key) {
        if (key instanceof java.security.interfaces.ECPrivateKey ec) {
            return List.of(ec.getS(), java.math.BigInteger.valueOf(ec.getParams().getCurve().getField().getFieldSize()));
        }
        java.security.interfaces.RSAPrivateKey rsa = (java.security.interfaces.RSAPrivateKey) key;
        return List.of(rsa.getModulus(), rsa.getPrivateExponent());
    }
}
