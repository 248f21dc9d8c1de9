package dev.certpilot.testca.internal;

import dev.certpilot.testca.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Sliding-window counters behind {@link RateLimits}. Thread-safe. */
final class RateLimiter {
    private final RateLimits limits;
    private final Map<String, Deque<Instant>> newOrders = new HashMap<>();
    private final Map<String, Deque<Instant>> perDomain = new HashMap<>();
    private final Map<String, Deque<Instant>> duplicates = new HashMap<>();
    private final Map<String, Deque<Instant>> failedAuthz = new HashMap<>();

    RateLimiter(RateLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks the limits a new order is subject to.
     *
     * @throws ProblemException rateLimited (429, Retry-After) when one is reached
     */
    synchronized void checkNewOrder(String account, List<Identifier> ids, Instant now) {
        check(newOrders, account, limits.newOrdersPerAccount(), limits.newOrdersWindow(), now,
                "too many new orders for this account");
        for (String domain : registeredDomains(ids)) {
            check(perDomain, domain, limits.certificatesPerDomain(), limits.certificatesPerDomainWindow(), now,
                    "too many certificates already issued for " + domain);
        }
        check(duplicates, nameSet(ids), limits.duplicateCertificates(), limits.duplicateCertificatesWindow(), now,
                "too many certificates already issued for this exact set of identifiers");
        for (Identifier id : ids) {
            check(failedAuthz, account + " " + id.base().value(), limits.failedAuthorizations(),
                    limits.failedAuthorizationsWindow(), now,
                    "too many failed authorizations recently for " + id.base().value());
        }
    }

    synchronized void recordNewOrder(String account, Instant now) {
        newOrders.computeIfAbsent(account, k -> new ArrayDeque<>()).add(now);
    }

    synchronized void recordIssued(List<Identifier> ids, Instant now) {
        for (String domain : registeredDomains(ids)) {
            perDomain.computeIfAbsent(domain, k -> new ArrayDeque<>()).add(now);
        }
        duplicates.computeIfAbsent(nameSet(ids), k -> new ArrayDeque<>()).add(now);
    }

    synchronized void recordFailedAuthorization(String account, Identifier id, Instant now) {
        failedAuthz.computeIfAbsent(account + " " + id.base().value(), k -> new ArrayDeque<>()).add(now);
    }

    private static void check(Map<String, Deque<Instant>> map, String key, int limit, Duration window, Instant now,
                              String what) {
        if (limit == 0) {
            return;
        }
        Deque<Instant> times = map.get(key);
        if (times == null) {
            return;
        }
        Instant from = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            Instant free = times.peekFirst().plus(window);
            long seconds = Math.max(1, (Duration.between(now, free).toMillis() + 999) / 1000);
            throw Problem.of("rateLimited", 429, what + ": " + limit + " per " + window + ", retry after " + free)
                    .toException().header("Retry-After", Long.toString(seconds));
        }
    }

    private static Set<String> registeredDomains(List<Identifier> ids) {
        Set<String> out = new LinkedHashSet<>();
        for (Identifier id : ids) {
            String v = id.base().value();
            if ("dns".equals(id.type())) {
                String[] labels = v.split("\\.");
                v = labels.length <= 2 ? v : labels[labels.length - 2] + "." + labels[labels.length - 1];
            }
            out.add(v);
        }
        return out;
    }

    private static String nameSet(List<Identifier> ids) {
        Set<String> sorted = new TreeSet<>();
        ids.forEach(i -> sorted.add(i.type() + ":" + i.value()));
        return String.join(",", sorted);
    }
}
