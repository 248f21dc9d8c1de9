package dev.certpilot.jdbc.engine;

import com.zaxxer.hikari.HikariDataSource;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.Checkpoints;
import dev.certpilot.PageRequest;
import dev.certpilot.jdbc.JdbcCertificateStore;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Commit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code main} of the child JVMs the engine tests start: a {@link CertificateManager} on the shared database
 * (arguments from {@link ManagerSetup#toArgs()} plus {@code mode=...}). It talks to the test on standard output
 * (one line per fact) and listens on standard input. Modes:
 *
 * <ul>
 *   <li>{@code park} ({@code plan=KILL@apex,...}, {@code checkpoints=ESSENTIAL|EVERY_STEP}): requests a
 *       certificate for {@code apex} and {@code *.apex} per plan entry, through a store wrapper that, right after
 *       the commit that stores the job of that certificate at checkpoint {@code STEP} (kill point {@code STEP}), or
 *       right before it (kill point {@code before-STEP}: the work it records is done, the commit never happens),
 *       prints {@code PARKED KILL certId orderUrl} and stops the committing thread for good. The test SIGKILLs the
 *       JVM once every certificate is parked. The instance holds 2-second leases and never polls for jobs, so
 *       nothing it did not start runs here.</li>
 *   <li>{@code resume}: a new instance that takes over whatever is unfinished (as soon as the dead instance's
 *       leases expire; it polls every 100 ms), waits until every certificate in the store is issued, prints
 *       {@code ISSUED id} for each and {@code DONE n}, and exits 0 (non-zero with the reason in its log if one
 *       fails).</li>
 *   <li>{@code schedule} ({@code clockOffset=PT...}, {@code jobs=n}): a manager whose clock is ahead of the
 *       system's by the offset (as the test's CA and managers are) prints {@code READY n} (certificates in the
 *       store), waits for {@code GO}, starts, so that its renewal scheduler picks up the certificates that are due,
 *       and on {@code STOP} closes and prints {@code RENEWED k} (renewals this instance completed).</li>
 * </ul>
 */
public final class ManagerProcess {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ManagerProcess() {
    }

    /** Runs the mode the arguments name. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        ManagerSetup setup = ManagerSetup.fromArgs(args, options);
        try (HikariDataSource pool = setup.pool("child", 8)) {
            JdbcCertificateStore store = setup.store(pool);
            switch (options.get("mode")) {
                case "park" -> park(setup, store, options.get("plan"),
                        Checkpoints.valueOf(options.getOrDefault("checkpoints", "ESSENTIAL")));
                case "resume" -> resume(setup, store);
                case "schedule" -> schedule(setup, store, Duration.parse(options.get("clockOffset")),
                        Integer.parseInt(options.get("jobs")));
                default -> throw new IllegalArgumentException("unknown mode " + options.get("mode"));
            }
        }
        System.exit(0);
    }

    private static void park(ManagerSetup setup, JdbcCertificateStore store, String plan, Checkpoints checkpoints) {
        Map<String, String> stepByApex = new HashMap<>();
        for (String entry : plan.split(",")) {
            String[] stepAndApex = entry.split("@");
            stepByApex.put(stepAndApex[1], stepAndApex[0]);
        }
        CertificateManager manager = setup.manager(store, setup.dnsProvider(), 32)
                .store(parking(store, stepByApex))
                .checkpoints(checkpoints)
                .instanceId("doomed-" + ProcessHandle.current().pid())
                .leaseDuration(Duration.ofSeconds(2))
                .jobPollInterval(Duration.ofHours(1))
                .build();
        manager.start();
        for (String apex : stepByApex.keySet()) {
            // own threads: the CREATED checkpoint is the request's own commit, which parks its caller
            Thread t = new Thread(() -> manager.request(CertificateRequest.forDomains(apex, "*." + apex).build()),
                    "request-" + apex);
            t.setDaemon(true);
            t.start();
        }
        awaitForever();
    }

    /**
     * {@code store}, except that the thread committing the job of a planned certificate at its planned step stops
     * right after the commit (or, for {@code before-STEP}, instead of it), having printed {@code PARKED}.
     */
    private static CertificateStore parking(CertificateStore store, Map<String, String> stepByApex) {
        Map<String, String> stepByCertificate = new ConcurrentHashMap<>();
        Set<String> parked = ConcurrentHashMap.newKeySet();
        return (CertificateStore) Proxy.newProxyInstance(CertificateStore.class.getClassLoader(),
                new Class<?>[] {CertificateStore.class}, (proxy, method, methodArgs) -> {
                    if (methodArgs != null && methodArgs.length == 1 && methodArgs[0] instanceof Commit toStore) {
                        toStore.job().filter(j -> ("before-" + j.step()).equals(stepByCertificate.get(j.certificateId())))
                                .filter(j -> parked.add(j.certificateId())).ifPresent(j -> {
                                    System.out.println("PARKED before-" + j.step() + " " + j.certificateId() + " "
                                            + j.orderUrl().orElse("-"));
                                    System.out.flush();
                                    awaitForever();
                                });
                    }
                    Object result;
                    try {
                        result = method.invoke(store, methodArgs);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Commit stored) {
                        stored.certificate().ifPresent(c -> {
                            String step = stepByApex.get(c.names().get(0));
                            if (step != null) {
                                stepByCertificate.putIfAbsent(c.id(), step);
                            }
                        });
                        stored.job().filter(j -> j.step().equals(stepByCertificate.get(j.certificateId())))
                                .filter(j -> parked.add(j.certificateId())).ifPresent(j -> {
                                    System.out.println("PARKED " + j.step() + " " + j.certificateId() + " "
                                            + j.orderUrl().orElse("-"));
                                    System.out.flush();
                                    awaitForever();
                                });
                    }
                    return result;
                });
    }

    private static void resume(ManagerSetup setup, JdbcCertificateStore store) {
        try (CertificateManager manager = setup.manager(store, setup.dnsProvider(), 32)
                .instanceId("survivor-" + ProcessHandle.current().pid())
                .jobPollInterval(Duration.ofMillis(100))
                .build()) {
            manager.start();
            List<String> all = allIds(store);
            for (String id : all) {
                manager.handle(id).awaitIssued(Duration.ofSeconds(90));
                System.out.println("ISSUED " + id);
            }
            System.out.println("DONE " + all.size());
        }
    }

    private static void schedule(ManagerSetup setup, JdbcCertificateStore store, Duration clockOffset, int jobs)
            throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        AtomicInteger renewed = new AtomicInteger();
        CertificateManager manager = setup.racer(store, setup.dnsProvider(), jobs,
                "jvm-" + ProcessHandle.current().pid(), Clock.offset(Clock.systemUTC(), clockOffset), renewed);
        try {
            System.out.println("READY " + allIds(store).size());
            expect(stdin, "GO");
            manager.start();
            expect(stdin, "STOP");
        } finally {
            manager.close();
        }
        System.out.println("RENEWED " + renewed.get());
    }

    /** Every certificate id in the store, in id order. */
    static List<String> allIds(CertificateStore store) {
        List<String> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
        while (page != null) {
            var p = store.listCertificates(CertificateFilter.ALL, page);
            p.items().forEach(c -> ids.add(c.id()));
            page = p.next(PageRequest.MAX_SIZE).orElse(null);
        }
        return ids;
    }

    private static void expect(BufferedReader stdin, String command) throws IOException {
        String line = stdin.readLine();
        if (!command.equals(line)) {
            throw new IllegalStateException("expected " + command + " from the test, got " + line);
        }
    }

    private static void awaitForever() {
        while (true) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                // a dying process: keep still until the SIGKILL arrives
            }
        }
    }
}
