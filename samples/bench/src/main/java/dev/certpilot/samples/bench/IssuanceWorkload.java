package dev.certpilot.samples.bench;

import java.util.List;

/**
 * One way of obtaining certificates, measured by {@link IssuanceBenchmark}: raw acme4j here
 * ({@link RawAcme4jWorkload}); certpilot's {@code CertificateManager} is meant to be compared against it with the
 * same harness.
 *
 * <p>Implementations are opened on one environment, are thread-safe (the benchmark calls {@link #issue} from
 * several threads at once) and release what they hold on {@link #close()}.
 */
public interface IssuanceWorkload extends AutoCloseable {

    /** A short name for reports, e.g. {@code "raw-acme4j"}. */
    String name();

    /**
     * Obtains one EC P-256 certificate for {@code names} (fresh names no other call uses) and returns once the
     * certificate chain is downloaded; throws when it could not be obtained.
     */
    void issue(List<String> names) throws Exception;

    /** Releases sessions, threads and anything else the workload holds. */
    @Override
    void close();
}
