package dev.certpilot.it;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateManagerBuilder;
import dev.certpilot.CertificateRequest;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.PropagationSettings;
import dev.certpilot.RenewalSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Issuer;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import dev.certpilot.testing.ManualScheduler;
import dev.certpilot.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Everything a lifecycle test needs: a bundled CA and the managers on one {@link MutableClock}, the managers'
 * scheduler a {@link ManualScheduler} (the renewal scheduler ticks only when the test moves time), an event
 * recorder. Nothing waits on real time except for work running on the managers' threads.
 */
final class LifecycleEnvironment implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String ZONE = "example.test";

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final EventRecorder events = new EventRecorder();
    final TestCa ca;
    final EnvironmentDnsProvider dns;
    private final List<CertificateManager> managers = new ArrayList<>();

    /** A CA with a 6-day profile {@code sixday} besides the bundled ones, customized further by {@code ca}. */
    LifecycleEnvironment(Consumer<TestCa.Builder> ca) {
        TestCa.Builder b = TestCa.builder().clock(clock).seed(7).profile("sixday", Duration.ofDays(6));
        ca.accept(b);
        this.ca = b.start();
        this.dns = new EnvironmentDnsProvider(this.ca.dns());
    }

    LifecycleEnvironment() {
        this(b -> { });
    }

    /** An issuer named {@code primary} for the CA. */
    AcmeIssuer.Builder issuer() {
        return AcmeIssuer.at(ca.directoryUrl()).name("primary").trustStore(ca.trustStore()).agreeToTermsOfService();
    }

    /** A manager builder on this environment's clock, scheduler, CA and DNS, seeded renewal times. */
    CertificateManagerBuilder builder(CertificateStore store) {
        return builder(store, issuer().build());
    }

    /** The same with another issuer. */
    CertificateManagerBuilder builder(CertificateStore store, Issuer issuer) {
        return CertificateManager.builder()
                .issuer(issuer)
                .dns(ZONE, dns)
                .store(store)
                .clock(clock)
                .scheduler(scheduler)
                .listener(events)
                .renewal(RenewalSettings.builder().seed(42).build())
                .propagation(PropagationSettings.builder().resolver(ca.dnsAddress()).nameservers(ca.dnsAddress())
                        .interval(Duration.ofMillis(20), Duration.ofMillis(200))
                        .queryTimeout(Duration.ofSeconds(2)).build());
    }

    /** Builds and starts a manager closed with the environment. */
    CertificateManager start(CertificateManagerBuilder builder) {
        CertificateManager m = builder.build();
        managers.add(m);
        m.start();
        return m;
    }

    /** A started manager with an in-memory store. */
    CertificateManager manager() {
        return start(builder(new InMemoryCertificateStore()));
    }

    /** Requests and waits for the certificate. */
    static ManagedCertificate issue(CertificateManager m, CertificateRequest.Builder request) {
        return m.request(request.build()).awaitIssued(TIMEOUT);
    }

    /** Moves time by {@code d} and lets due scheduler work run (one renewal tick at most). */
    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** Moves time to {@code t} (if later) and lets due work run. */
    void advanceTo(Instant t) {
        Duration d = Duration.between(clock.instant(), t);
        scheduler.advance(d.isNegative() ? Duration.ZERO : d);
    }

    /** Orders the CA created for this exact name. */
    long orders(String name) {
        return ca.events().ofType(CaEvent.Type.ORDER_CREATED).stream().filter(e -> e.identifiers().contains(name))
                .count();
    }

    /** A fresh name under {@link #ZONE}. */
    static String freshName() {
        return "t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "." + ZONE;
    }

    @Override
    public void close() {
        managers.forEach(CertificateManager::close);
        ca.close();
    }
}
