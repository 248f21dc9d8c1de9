package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** Everything the request handlers share: settings, state, keys, randomness, logs. */
final class CaContext {
    final CaSettings settings;
    final Store store = new Store();
    final Random random;
    final Nonces nonces;
    final Pki pki;
    final EventLog events;
    final FaultScript faults;
    final RateLimiter limits;

    CaContext(CaSettings settings, Pki pki, EventLog events, FaultScript faults) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.nonces = new Nonces(random);
        this.pki = pki;
        this.events = events;
        this.faults = faults;
        this.limits = new RateLimiter(settings.rateLimits());
    }

    /** The CA's current time, truncated to whole seconds as ACME timestamps are. */
    Instant now() {
        return settings.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** A random URL-safe identifier of {@code bytes} random bytes. */
    String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A random id for stored objects. */
    String newId() {
        return token(12);
    }

    /** True with a chance of {@code percent} in a hundred. */
    boolean roll(int percent) {
        return percent > 0 && (percent >= 100 || random.nextInt(100) < percent);
    }

    /** Logs an event. */
    void event(CaEvent.Type type, String account, List<String> identifiers, String serial, String detail) {
        events.publish(new CaEvent(type, settings.clock().instant(), account == null ? "" : account, identifiers,
                serial == null ? "" : serial, detail == null ? "" : detail));
    }

    /** The values of identifiers, for events. */
    static List<String> values(List<Identifier> ids) {
        return ids.stream().map(Identifier::value).toList();
    }
}
