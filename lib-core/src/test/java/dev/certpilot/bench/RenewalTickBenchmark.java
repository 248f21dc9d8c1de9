package dev.certpilot.bench;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateState;
import dev.certpilot.EventType;
import dev.certpilot.HealthThresholds;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.internal.lifecycle.HealthRules;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlan;
import dev.certpilot.internal.lifecycle.Wakeups;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import dev.certpilot.testing.ManualScheduler;
import dev.certpilot.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long one renewal scheduler tick takes over {@code -Dbench.certs} (default 100 000) issued certificates in the
 * in-memory store, next to a plain scan of the same store in the same run (listing every certificate, page by
 * page, and counting them with a filter). Not a timed assertion: run it with
 * {@code ./mvnw -B -q -pl lib-core -am verify -Dtest=RenewalTickBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The certificates are the steady state between renewals: 80 % with 90-day and 20 % with 6-day lifetimes at
 * random ages, half with ARI plans, 5 % without auto-renew, health already announced; each tick moves the clock
 * one minute. A tick reads
 * the certificates past {@code notAfter} and those whose {@code nextRenewalAt} (planned renewal, ARI re-check,
 * delivery retry or health threshold) has come, both through the store's indexes, and handles the few that crossed
 * a health threshold during the minute. Renewal-information requests and renewals, when due, run in the background
 * and are not part of a tick.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RenewalTickBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void tick() {
        int certs = Integer.getInteger("bench.certs", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 30);
        InMemoryCertificateStore store = fill(certs);
        MutableClock clock = new MutableClock(NOW);
        ManualScheduler scheduler = new ManualScheduler(clock);
        AtomicInteger healthChanges = new AtomicInteger();
        try (CertificateManager m = CertificateManager.builder()
                .issuer(AcmeIssuer.at("https://127.0.0.1:9/dir").name("primary").build())
                .dns("example.test", new InMemoryDnsProvider())
                .store(store).clock(clock).scheduler(scheduler)
                .listener(e -> {
                    if (e.type() == EventType.HEALTH_CHANGED) {
                        healthChanges.incrementAndGet();
                    }
                }).build()) {
            m.start();
            long[] tick = new long[rounds];
            long[] scan = new long[rounds];
            long[] count = new long[rounds];
            for (int warm = 0; warm < 10; warm++) {
                scheduler.advance(Duration.ofMinutes(1));
                scan(store);
            }
            healthChanges.set(0);
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                scheduler.advance(Duration.ofMinutes(1));
                long t1 = System.nanoTime();
                int seen = scan(store);
                long t2 = System.nanoTime();
                long n = store.countCertificates(CertificateFilter.builder()
                        .states(CertificateState.ISSUED, CertificateState.EXPIRED).build());
                long t3 = System.nanoTime();
                tick[i] = t1 - t0;
                scan[i] = t2 - t1;
                count[i] = t3 - t2;
                if (seen != certs || n != certs) {
                    throw new AssertionError("the store lost certificates: " + seen + ", " + n);
                }
            }
            System.out.printf("renewal tick over %d certificates: median %.1f ms, p90 %.1f ms, max %.1f ms"
                    + " (%d ticks, %d health changes announced)%n", certs, ms(tick, 50), ms(tick, 90), ms(tick, 100),
                    rounds, healthChanges.get());
            System.out.printf("reference, list every certificate (pages of 1000): median %.1f ms; count with a"
                    + " filter: median %.1f ms; tick / list = %.3f%n", ms(scan, 50), ms(count, 50),
                    ms(tick, 50) / ms(scan, 50));
        }
    }

    private static InMemoryCertificateStore fill(int certs) {
        InMemoryCertificateStore store = new InMemoryCertificateStore();
        Random random = new Random(1);
        HealthTracker health = new HealthTracker(new HealthRules(HealthThresholds.defaults()));
        for (int i = 0; i < certs; i++) {
            Duration lifetime = random.nextInt(5) == 0 ? Duration.ofDays(6) : Duration.ofDays(90);
            // certificates with auto-renew are renewed when a third remains: they are younger than two thirds (less
            // a day, so that no renewal comes due during the run: the steady state between renewals); one in twenty
            // has no auto-renew and any age, so some cross health thresholds during the run
            boolean autoRenew = random.nextInt(20) != 0;
            long age = autoRenew
                    ? (long) (random.nextDouble() * (lifetime.toMillis() * 2 / 3 - Duration.ofDays(1).toMillis()))
                    : (long) (random.nextDouble() * lifetime.toMillis());
            Instant notBefore = NOW.minusMillis(age);
            Instant notAfter = notBefore.plus(lifetime);
            Instant at = notAfter.minus(lifetime.dividedBy(3)).plusSeconds(60 + random.nextInt(3600));
            Optional<Instant> poll = random.nextBoolean()
                    ? Optional.of(NOW.plusSeconds(2 * 3600 + random.nextInt(4 * 3600))) : Optional.empty();
            Map<String, String> attributes = new RenewalPlan(at, poll.isPresent() ? RenewalPlan.Source.ARI
                    : RenewalPlan.Source.WINDOW, at.minus(lifetime.dividedBy(30)), at, poll).writeTo(new TreeMap<>());
            CertificateRecord r = CertificateRecord.builder()
                    .id(String.format("01a00000-0000-7000-8000-%012d", i))
                    .names(List.of("n" + i + ".example.test"))
                    .state(CertificateState.ISSUED).issuer("primary").version(1).serial(Integer.toHexString(i + 1))
                    .notBefore(notBefore).notAfter(notAfter)
                    .chainPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                    .createdAt(notBefore).updatedAt(notBefore).autoRenew(autoRenew)
                    .attributes(autoRenew ? attributes : Map.of()).build();
            r = health.track(Wakeups.apply(r), NOW).record();
            store.commit(Commit.builder().certificate(r).build());
        }
        return store;
    }

    private static int scan(InMemoryCertificateStore store) {
        int n = 0;
        PageRequest page = PageRequest.first(1000);
        while (true) {
            Page<CertificateRecord> p = store.listCertificates(CertificateFilter.ALL, page);
            n += p.items().size();
            if (p.next(1000).isEmpty()) {
                return n;
            }
            page = p.next(1000).get();
        }
    }

    private static double ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
