package dev.certpilot.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.ErrorCode;
import dev.certpilot.Failure;
import dev.certpilot.HealthStatus;
import dev.certpilot.HealthThresholds;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Health and planned-renewal criteria listed through plain store filters return exactly what evaluating every
 * certificate would, page after page, for random certificates and random filters.
 */
class HealthQueryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private final HealthRules rules = new HealthRules(HealthThresholds.defaults());
    private final Random random = new Random(11);

    @Test
    void unionListingMatchesEvaluatingEveryCertificate() {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        Map<String, CertificateRecord> all = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            CertificateRecord r = store.commit(Commit.builder().certificate(randomRecord(i)).build())
                    .storedCertificate();
            all.put(r.id(), r);
        }
        UnionListing listing = new UnionListing(store);
        for (int round = 0; round < 60; round++) {
            CertificateFilter filter = randomFilter();
            HealthQuery query = HealthQuery.of(filter, rules, NOW);
            List<String> expected = all.values().stream()
                    .filter(filter::matches)
                    .filter(r -> filter.health().isEmpty() || filter.health().contains(rules.evaluate(r, NOW).status()))
                    .filter(r -> filter.renewalDueBy().isEmpty() || Wakeups.plannedRenewal(r)
                            .filter(t -> !t.isAfter(filter.renewalDueBy().get())).isPresent())
                    .map(CertificateRecord::id).toList();
            int size = 1 + random.nextInt(40);
            List<String> actual = new ArrayList<>();
            PageRequest page = PageRequest.first(size);
            while (true) {
                Page<CertificateRecord> p = listing.list(query, page);
                assertThat(p.items().size()).isLessThanOrEqualTo(size);
                p.items().forEach(r -> actual.add(r.id()));
                if (p.next(size).isEmpty()) {
                    break;
                }
                page = p.next(size).get();
            }
            assertThat(actual).as("filter %s", filter).isEqualTo(expected);
        }
    }

    private CertificateRecord randomRecord(int i) {
        CertificateState state = CertificateState.values()[random.nextInt(CertificateState.values().length)];
        CertificateRecord.Builder b = CertificateRecord.builder().id(String.format("c%05d", i))
                .names(List.of("n" + i + ".example")).createdAt(NOW).updatedAt(NOW).state(state)
                .labels(Map.of("team", random.nextBoolean() ? "a" : "b")).autoRenew(random.nextBoolean());
        if (state == CertificateState.ISSUED || state == CertificateState.EXPIRED || state == CertificateState.REVOKED
                || random.nextInt(4) == 0) {
            int lifetime = List.of(6, 45, 90).get(random.nextInt(3));
            Instant notAfter = NOW.plus(Duration.ofHours(random.nextInt(lifetime * 24 + 48) - 48));
            b.version(1).serial("0" + i).notBefore(notAfter.minus(Duration.ofDays(lifetime))).notAfter(notAfter);
            Instant at = notAfter.minus(Duration.ofDays(lifetime / 3));
            Map<String, String> attributes = new TreeMap<>();
            if (random.nextBoolean()) {
                attributes = new RenewalPlan(at, RenewalPlan.Source.WINDOW, at, at,
                        random.nextBoolean() ? Optional.of(NOW.plus(Duration.ofHours(random.nextInt(12))))
                                : Optional.empty()).writeTo(attributes);
            } else {
                b.nextRenewalAt(at);
            }
            b.attributes(attributes);
        }
        if (random.nextInt(4) == 0) {
            b.failure(new Failure(ErrorCode.CA_ERROR, "down", NOW, Optional.empty())).consecutiveFailures(1);
        }
        if (random.nextInt(6) == 0) {
            b.activeJobId("job" + i);
        }
        return Wakeups.apply(b.build());
    }

    private CertificateFilter randomFilter() {
        CertificateFilter.Builder f = CertificateFilter.builder();
        Set<HealthStatus> health = EnumSet.noneOf(HealthStatus.class);
        for (HealthStatus h : HealthStatus.values()) {
            if (random.nextInt(3) == 0) {
                health.add(h);
            }
        }
        f.health(health.toArray(HealthStatus[]::new));
        if (random.nextInt(3) == 0) {
            f.states(CertificateState.values()[random.nextInt(CertificateState.values().length)]);
        }
        if (random.nextInt(3) == 0) {
            f.label("team", "a");
        }
        if (random.nextInt(4) == 0) {
            f.failing(random.nextBoolean());
        }
        if (random.nextInt(4) == 0) {
            f.notAfterBefore(NOW.plus(Duration.ofDays(random.nextInt(60))));
        }
        if (random.nextInt(4) == 0) {
            f.notAfterOnOrAfter(NOW.plus(Duration.ofDays(random.nextInt(30) - 5)));
        }
        if (random.nextInt(3) == 0) {
            f.renewalDueBy(NOW.plus(Duration.ofDays(random.nextInt(60) - 10)));
        }
        return f.build();
    }
}
