package dev.certpilot.it;

import static dev.certpilot.it.LifecycleEnvironment.TIMEOUT;
import static dev.certpilot.it.LifecycleEnvironment.freshName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.EventType;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.KeyProtection;
import dev.certpilot.ManagedCertificate;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.JobKind;
import dev.certpilot.testing.ManualScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several managers sharing one store, and many threads, never renew one certificate twice: the renewal's
 * {@code activeJobId} and job are written in one compare-and-set commit.
 */
class ExactlyOnceRenewalTest {

    private static final int CERTIFICATES = 12;

    private final LifecycleEnvironment env = new LifecycleEnvironment();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final ManualScheduler schedulerA = new ManualScheduler(env.clock);
    private final ManualScheduler schedulerB = new ManualScheduler(env.clock);
    private CertificateManager a;
    private CertificateManager b;

    @AfterEach
    void close() {
        threads.shutdownNow();
        env.close();
    }

    @Test
    void twoManagersThatReadTheSameDueCertificatesRenewEachOnce() throws Exception {
        // both schedulers read the due certificates before either starts a renewal: every start races
        RacingStore store = new RacingStore(new InMemoryCertificateStore(), 2);
        List<ManagedCertificate> certs = twoManagersWithDueCertificates(store);
        store.race();
        Future<?> tickA = threads.submit(schedulerA::runDue);
        Future<?> tickB = threads.submit(schedulerB::runDue);
        tickA.get(30, TimeUnit.SECONDS);
        tickB.get(30, TimeUnit.SECONDS);
        assertThat(store.raced()).as("both schedulers read the due certificates before writing").isTrue();

        env.events.awaitType(EventType.CERT_RENEWED, CERTIFICATES, TIMEOUT);
        assertRenewedOnce(store, certs);
        assertThat(env.events.ofType(EventType.RENEWAL_STARTED)).hasSize(CERTIFICATES);
    }

    @Test
    void manyThreadsAndTwoManagersRenewingByHandAndBySchedulerRenewEachOnce() throws Exception {
        CertificateStore store = new InMemoryCertificateStore();
        List<ManagedCertificate> certs = twoManagersWithDueCertificates(store);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        work.add(threads.submit(() -> {
            go.await();
            return schedulerA.runDue();
        }));
        work.add(threads.submit(() -> {
            go.await();
            return schedulerB.runDue();
        }));
        for (int t = 0; t < 6; t++) {
            CertificateManager m = t % 2 == 0 ? a : b;
            work.add(threads.submit(() -> {
                go.await();
                for (ManagedCertificate c : certs) {
                    m.renew(c.id());
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }

        env.events.awaitType(EventType.CERT_RENEWED, CERTIFICATES, TIMEOUT);
        assertRenewedOnce(store, certs);
    }

    /**
     * Starts managers {@link #a} and {@link #b} on {@code store}, each with its own scheduler on the shared clock,
     * issues the certificates through {@code a}, and moves the clock past every planned renewal (without ticking).
     */
    private List<ManagedCertificate> twoManagersWithDueCertificates(CertificateStore store) {
        KeyProtection keys = KeyProtection.ephemeral();
        a = env.start(env.builder(store).keyProtection(keys).instanceId("a").scheduler(schedulerA));
        b = env.start(env.builder(store).keyProtection(keys).instanceId("b").scheduler(schedulerB));
        List<ManagedCertificate> certs = new ArrayList<>();
        for (int i = 0; i < CERTIFICATES; i++) {
            certs.add(LifecycleEnvironment.issue(a, CertificateRequest.forDomains(freshName())));
        }
        Instant latest = certs.stream().map(c -> c.nextRenewalAt().orElseThrow()).max(Instant::compareTo).orElseThrow();
        env.clock.set(latest.plusSeconds(60));
        return certs;
    }

    private void assertRenewedOnce(CertificateStore store, List<ManagedCertificate> certs) {
        for (ManagedCertificate c : certs) {
            assertThat(store.jobsOf(c.id()).stream().filter(j -> j.kind() == JobKind.RENEW))
                    .as("renewal jobs of " + c.id()).hasSize(1);
            assertThat(env.orders(c.names().get(0))).as("orders for " + c.names().get(0)).isEqualTo(2);
            assertThat(store.findCertificate(c.id()).orElseThrow().version()).isEqualTo(2);
        }
        // nothing more is started later either
        assertThat(env.events.ofType(EventType.CERT_RENEWED)).hasSize(CERTIFICATES);
    }

    /**
     * A store whose first {@code parties} listings of due certificates (the renewal scheduler's query) wait for each
     * other once {@link #race} was called, so that every party reads the same revisions before any writes.
     */
    private static final class RacingStore extends ForwardingStore {
        private final int parties;
        private volatile CountDownLatch gate;
        private volatile boolean raced;

        RacingStore(CertificateStore delegate, int parties) {
            super(delegate);
            this.parties = parties;
        }

        void race() {
            gate = new CountDownLatch(parties);
        }

        boolean raced() {
            return raced;
        }

        @Override
        public Page<CertificateRecord> listCertificates(CertificateFilter filter, PageRequest page) {
            Page<CertificateRecord> result = super.listCertificates(filter, page);
            CountDownLatch g = gate;
            if (g != null && filter.renewalDueBy().isPresent() && !result.items().isEmpty() && g.getCount() > 0) {
                g.countDown();
                try {
                    raced = g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return result;
        }
    }
}
