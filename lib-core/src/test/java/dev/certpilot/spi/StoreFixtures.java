package dev.certpilot.spi;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Failure;
import dev.certpilot.KeyType;
import dev.certpilot.internal.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records for store tests. Instants are whole milliseconds: stores must keep at least millisecond precision. */
public final class StoreFixtures {

    /** A fixed point in time the fixtures start from. */
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private StoreFixtures() {
    }

    /** A fresh time-ordered id. */
    public static String id() {
        return Ids.next(Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** A minimal pending certificate for one name. */
    public static CertificateRecord minimal(String name) {
        return CertificateRecord.builder()
                .id(id())
                .names(List.of(name))
                .createdAt(T0)
                .updatedAt(T0)
                .build();
    }

    /** An issued certificate with every optional field set. */
    public static CertificateRecord full(String name) {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.add("*." + name);
        return CertificateRecord.builder()
                .id(id())
                .state(CertificateState.ISSUED)
                .names(names)
                .keyType(KeyType.RSA_3072)
                .requestedIssuer("primary")
                .issuer("backup")
                .profile("tlsserver")
                .autoRenew(false)
                .reuseKey(true)
                .labels(Map.of("team", "payments", "env", "prod", "unicode", "\u00fcber \u2713"))
                .tenant("acme-corp")
                .requestedBy("alice@example.com")
                .targets(List.of("nginx", "keystore"))
                .createdAt(T0)
                .updatedAt(T0.plusSeconds(60))
                .version(3)
                .serial("4f1a2b3c4d5e6f708192a3b4c5d6e7f8")
                .notBefore(T0.minusSeconds(3600))
                .notAfter(T0.plusSeconds(90L * 86400))
                .chainPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".repeat(3))
                .key(new EncryptedKey("kek-1", new byte[] {1, 2, 3, 4, 5, 0, -1, -128, 127}))
                .nextRenewalAt(T0.plusSeconds(60L * 86400))
                .failure(new Failure(ErrorCode.CA_RATE_LIMITED, "too many certificates: 'x'\nsecond line",
                        T0.plusMillis(1234), Optional.of(T0.plusSeconds(3600))))
                .consecutiveFailures(2)
                .activeJobId(id())
                .attributes(Map.of("ari.window.start", "2026-04-01T00:00:00Z", "empty", ""))
                .build();
    }

    /** A certificate from a caller's CSR (no key). */
    public static CertificateRecord fromCsr(String name) {
        return minimal(name).toBuilder()
                .csrPem("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n")
                .keyType(KeyType.EC_P384)
                .build();
    }

    /** A new active job for a certificate, due at {@code due}. */
    public static JobRecord job(String certificateId, Instant due) {
        return JobRecord.builder()
                .id(id())
                .certificateId(certificateId)
                .nextRunAt(due)
                .createdAt(T0)
                .updatedAt(T0)
                .build();
    }

    /** A job with every optional field set. */
    public static JobRecord fullJob(String certificateId) {
        return job(certificateId, T0.plusSeconds(5)).toBuilder()
                .kind(JobKind.RENEW)
                .step("CHALLENGES_TRIGGERED")
                .issuer("primary")
                .orderUrl("https://ca.example/order/123")
                .records(List.of(ChallengeRecord.of("example.com", "_acme-challenge.example.com", "value-a"),
                        ChallengeRecord.of("example.com", "_acme-challenge.example.com", "value-b"),
                        new ChallengeRecord("delegated.example", "x.delegated.example", "value-c", 120)))
                .pendingKey(new EncryptedKey("kek-2", new byte[] {9, 8, 7}))
                .attempts(4)
                .lease("instance-a", T0.plusSeconds(30))
                .failure(new Failure(ErrorCode.DNS_PROVIDER_ERROR, "boom", T0, Optional.empty()))
                .data(Map.of("authz.0", "https://ca.example/authz/1", "authz.1", "https://ca.example/authz/2"))
                .build();
    }

    /** A new event. */
    public static CertificateEvent event(String certificateId, EventType type, Instant at) {
        return CertificateEvent.of(certificateId, type, at, Map.of("detail", "value for " + type.code()));
    }

    /** A new account. */
    public static AccountRecord account(String directory, String name) {
        return new AccountRecord(AccountRecord.idOf(directory, name), 0, directory, name, Optional.empty(),
                new EncryptedKey("kek-1", new byte[] {42, 43}), List.of("mailto:ops@example.com"), T0, T0);
    }
}
