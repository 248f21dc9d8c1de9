package dev.certpilot.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateState;
import dev.certpilot.Checkpoints;
import dev.certpilot.EventType;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.jdbc.Prefixes;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.JobRecord;
import dev.certpilot.spi.JobStatus;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real process death during issuance on a real database: a child JVM runs a {@code CertificateManager} that
 * requests one certificate (apex + wildcard) per kill point, and each certificate's job stops at its own kill point
 * ({@link ManagerProcess} {@code park} mode). When all are parked the JVM gets SIGKILL. A second child JVM on the
 * same database then takes over once the dead instance's 2-second leases expire.
 *
 * <ul>
 *   <li>With {@code Checkpoints.EVERY_STEP}, right after each checkpoint is committed: the request
 *       ({@code CREATED}), the order ({@code ORDER_CREATED}), the records to publish ({@code PUBLISHING}),
 *       published TXT records ({@code PUBLISHED}), propagation ({@code PROPAGATED}), triggered challenges
 *       ({@code TRIGGERED}), validation and cleanup ({@code VALIDATED}), the encrypted key and CSR
 *       ({@code KEY_READY}), finalize ({@code FINALIZED}) and the stored certificate ({@code DONE}).</li>
 *   <li>With the default {@code Checkpoints.ESSENTIAL}, around each of its three writes: after the request; before
 *       the order, records and key are written (the order exists at the CA, nothing records it); after that write;
 *       before the certificate is written (records published, validated and removed, order finalized, certificate
 *       downloaded: all of it unrecorded); after it.</li>
 * </ul>
 *
 * <p>The CA and its DNS server live in the test JVM, so they outlive both children. Afterwards: every certificate
 * is {@code ISSUED} with one succeeded job holding no lease and no pending key, its stored encrypted key (decrypted
 * with the shared KEK file) signs what its certificate verifies, no TXT record is left, the CA issued exactly one
 * certificate per certificate and created exactly one order per certificate (so the order created before the kill
 * is the one finished, and its URL is the job's), except where the order was never written down: then the order
 * left behind is replaced by one more. The ACME account was registered once.
 */
abstract class KillAndResumeTest {

    /** Every checkpoint of the durable job, in order, and {@code DONE} (certificate stored). */
    static final List<String> CHECKPOINTS = List.of("CREATED", "ORDER_CREATED", "PUBLISHING", "PUBLISHED",
            "PROPAGATED", "TRIGGERED", "VALIDATED", "KEY_READY", "FINALIZED", "DONE");

    /** Around each of the three writes of {@code Checkpoints.ESSENTIAL}. */
    static final List<String> ESSENTIAL_KILLS = List.of("CREATED", "before-PUBLISHING", "PUBLISHING", "before-DONE",
            "DONE");

    /** The kill point where the order exists at the CA but was never written: the resumed job orders again. */
    private static final String ORDER_UNWRITTEN = "before-PUBLISHING";

    private static final Duration PARK_TIMEOUT = Duration.ofSeconds(90);

    /** A short name of the database, for file and process names. */
    abstract String database();

    /** The JDBC URL of a database the children and this test can open one after another. */
    abstract String jdbcUrl(Path workDir);

    @Test
    void everyCertificateKilledRightAfterACheckpointIsFinishedByANewJvm() throws Exception {
        killAndResume(Checkpoints.EVERY_STEP, CHECKPOINTS);
    }

    @Test
    void everyCertificateKilledAroundAnEssentialWriteIsFinishedByANewJvm() throws Exception {
        killAndResume(Checkpoints.ESSENTIAL, ESSENTIAL_KILLS);
    }

    private void killAndResume(Checkpoints checkpoints, List<String> kills) throws Exception {
        String run = Long.toString(System.nanoTime() % 1_679_616, 36);
        Path dir = Path.of("target", "kill-and-resume", database() + "-" + run).toAbsolutePath();
        try (TestCa ca = TestCa.builder().start()) {
            ManagerSetup setup = ManagerSetup.of(ca, jdbcUrl(dir), Prefixes.fresh("kill"), dir);
            Map<String, String> apexByStep = new LinkedHashMap<>();
            for (String step : kills) {
                apexByStep.put(step, step.toLowerCase(Locale.ROOT).replace('_', '-') + "-" + run + "." + setup.zone());
            }

            Map<String, Parked> parked = killWhenAllParked(setup, apexByStep, checkpoints);
            assertThat(parked.values()).extracting(Parked::step).containsExactlyInAnyOrderElementsOf(kills);
            Set<String> unrecordedOrders = assertLeftAtTheirCheckpoints(setup, parked);

            try (ChildJvm survivor = ChildJvm.start(database() + "-" + run + "-survivor", ManagerProcess.class,
                    args(setup, "mode=resume"))) {
                survivor.awaitLine(l -> l.startsWith("DONE "), Duration.ofSeconds(120));
                assertThat(survivor.awaitExit(Duration.ofSeconds(30))).as("survivor's exit code").isZero();
            }

            assertFinished(setup, ca, parked, apexByStep, unrecordedOrders);
        }
    }

    /** What the doomed child said when a job stopped. */
    record Parked(String step, String certificateId, String orderUrl) {
    }

    private Map<String, Parked> killWhenAllParked(ManagerSetup setup, Map<String, String> apexByStep,
                                                  Checkpoints checkpoints) throws InterruptedException {
        List<String> plan = new ArrayList<>();
        apexByStep.forEach((step, apex) -> plan.add(step + "@" + apex));
        Map<String, Parked> parked = new LinkedHashMap<>();
        try (ChildJvm doomed = ChildJvm.start(database() + "-" + setup.prefix() + "doomed", ManagerProcess.class,
                args(setup, "mode=park", "checkpoints=" + checkpoints, "plan=" + String.join(",", plan)))) {
            while (parked.size() < apexByStep.size()) {
                String[] f = doomed.awaitLine(l -> l.startsWith("PARKED "), PARK_TIMEOUT).split(" ");
                parked.put(f[2], new Parked(f[1], f[2], f[3]));
            }
            doomed.kill();
        }
        return parked;
    }

    /**
     * The database as the dead JVM left it: each job at its checkpoint (and, but for DONE, unfinished); killed
     * before a write, at the last write before it.
     *
     * @return the certificates whose order the CA created but the database never got
     */
    private static Set<String> assertLeftAtTheirCheckpoints(ManagerSetup setup, Map<String, Parked> parked) {
        Set<String> unrecordedOrders = new HashSet<>();
        try (HikariDataSource pool = setup.pool("inspect", 2)) {
            JdbcCertificateStore store = setup.store(pool);
            for (Parked p : parked.values()) {
                JobRecord job = store.jobsOf(p.certificateId()).get(0);
                assertThat(job.status()).isEqualTo(p.step().equals("DONE") ? JobStatus.SUCCEEDED : JobStatus.ACTIVE);
                if (p.step().equals(ORDER_UNWRITTEN)) {
                    // the request; or the order, when the job wrote to keep its 2-second lease (a slow, cold JVM)
                    if (job.step().equals("CREATED")) {
                        assertThat(job.orderUrl()).isEmpty();
                        unrecordedOrders.add(p.certificateId());
                    } else {
                        assertThat(job.step()).isEqualTo("ORDER_CREATED");
                        assertThat(job.orderUrl()).contains(p.orderUrl());
                    }
                } else if (p.step().equals("before-DONE")) {
                    // the records and key, or a later step written when the job waited or renewed its lease
                    assertThat(job.step()).isIn("PUBLISHING", "PUBLISHED", "PROPAGATED", "TRIGGERED", "VALIDATED",
                            "KEY_READY", "FINALIZED");
                    assertThat(job.pendingKey()).isPresent();
                    assertThat(job.orderUrl()).contains(p.orderUrl());
                } else {
                    assertThat(job.step()).isEqualTo(p.step());
                    assertThat(job.orderUrl().orElse("-")).isEqualTo(p.orderUrl());
                }
            }
        }
        return unrecordedOrders;
    }

    private static void assertFinished(ManagerSetup setup, TestCa ca, Map<String, Parked> parked,
                                       Map<String, String> apexByStep, Set<String> unrecordedOrders) throws Exception {
        Map<List<String>, Long> orders = ManagerSetup.countByIdentifiers(ca, CaEvent.Type.ORDER_CREATED);
        Map<List<String>, Long> issued = ManagerSetup.countByIdentifiers(ca, CaEvent.Type.CERTIFICATE_ISSUED);
        try (HikariDataSource pool = setup.pool("verify", 2)) {
            JdbcCertificateStore store = setup.store(pool);
            for (Parked p : parked.values()) {
                String apex = apexByStep.get(p.step());
                List<String> names = ManagerSetup.sorted(List.of(apex, "*." + apex));
                CertificateRecord cert = store.findCertificate(p.certificateId()).orElseThrow();
                String what = "certificate killed at " + p.step();
                assertThat(cert.state()).as(what).isEqualTo(CertificateState.ISSUED);
                assertThat(cert.version()).as(what).isEqualTo(1);
                assertThat(cert.activeJobId()).as(what).isEmpty();
                setup.assertKeyMatchesCertificate(cert);

                List<JobRecord> jobs = store.jobsOf(cert.id());
                assertThat(jobs).as(what).singleElement().satisfies(job -> {
                    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
                    assertThat(job.leaseOwner()).isEmpty();
                    assertThat(job.pendingKey()).isEmpty();
                    assertThat(job.records()).isEmpty();
                    if (!p.step().equals("CREATED") && !unrecordedOrders.contains(p.certificateId())) {
                        assertThat(job.orderUrl()).as("%s: the order created before the kill", what)
                                .contains(p.orderUrl());
                    }
                });
                assertThat(orders.get(names)).as("%s: ACME orders", what)
                        .isEqualTo(unrecordedOrders.contains(p.certificateId()) ? 2 : 1);
                assertThat(issued.get(names)).as("%s: certificates issued by the CA", what).isEqualTo(1);
                assertThat(ca.dns().txt("_acme-challenge." + apex)).as("%s: TXT records left", what).isEmpty();
                List<EventType> timeline = store.timeline(cert.id()).stream().map(CertificateEvent::type).toList();
                assertThat(timeline.contains(EventType.JOB_RESUMED)).as("%s: resumed", what)
                        .isEqualTo(!p.step().equals("DONE"));
                assertThat(timeline).as(what).containsOnlyOnce(EventType.ORDER_CREATED, EventType.CERT_ISSUED);
            }
            assertThat(store.accounts()).hasSize(1);
        }
        assertThat(ca.events().ofType(CaEvent.Type.ACCOUNT_CREATED)).as("ACME accounts registered").hasSize(1);
    }

    private static List<String> args(ManagerSetup setup, String... more) {
        List<String> args = new ArrayList<>(setup.toArgs());
        args.addAll(List.of(more));
        return args;
    }
}
