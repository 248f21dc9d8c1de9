package dev.certpilot.testca.internal.pebble;

import dev.certpilot.testca.Capability;
import dev.certpilot.testca.CertificateStatus;
import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.TestDnsControl;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Pebble + pebble-challtestsrv pair as started by {@link PebbleStartup}. Closing it, or the JVM ending
 * without it being closed, stops both programs and deletes a temporary work directory. Internal: use {@link PebbleLauncher}.
 */
public final class PebbleEnvironment implements PebbleLauncher.Running {

    /** Pebble 2.4 has none of the optional capabilities. */
    private static final Set<Capability> CAPABILITIES = Set.of();

    private final URI directoryUrl;
    private final URI managementUrl;
    private final URI dnsManagementUrl;
    private final InetSocketAddress dnsAddress;
    private final ListenerTls tls;
    private final List<ManagedProcess> processes;
    private final Path workDirectory;
    private final boolean deleteOnClose;
    private final TestDnsControl dns;
    private final PebbleManagement management;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    PebbleEnvironment(URI directoryUrl, URI managementUrl, URI dnsManagementUrl, InetSocketAddress dnsAddress,
                      ListenerTls tls, List<ManagedProcess> processes, Path workDirectory, boolean deleteOnClose) {
        this.directoryUrl = directoryUrl;
        this.managementUrl = managementUrl;
        this.dnsManagementUrl = dnsManagementUrl;
        this.dnsAddress = dnsAddress;
        this.tls = tls;
        this.processes = List.copyOf(processes);
        this.workDirectory = workDirectory;
        this.deleteOnClose = deleteOnClose;
        this.dns = new ChalltestsrvDnsControl(dnsManagementUrl, dnsAddress);
        this.management = new PebbleManagement(managementUrl, tls.clientContext());
        this.shutdownHook = new Thread(this::release, "certpilot-pebble-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "pebble";
    }

    @Override
    public URI directoryUrl() {
        return directoryUrl;
    }

    @Override
    public KeyStore trustStore() {
        return tls.trustStore();
    }

    @Override
    public String tlsRootPem() {
        return tls.rootPem();
    }

    @Override
    public TestDnsControl dns() {
        return dns;
    }

    @Override
    public InetSocketAddress dnsAddress() {
        return dnsAddress;
    }

    @Override
    public boolean supports(Capability capability) {
        return CAPABILITIES.contains(capability);
    }

    @Override
    public List<X509Certificate> issuingRoots() {
        return management.issuingRoots();
    }

    @Override
    public Optional<CertificateStatus> certificateStatus(BigInteger serial) {
        return management.certificateStatus(serial);
    }

    @Override
    public URI dnsManagementUrl() {
        return dnsManagementUrl;
    }

    @Override
    public URI managementUrl() {
        return managementUrl;
    }

    @Override
    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // the hook runs anyway
        }
        release();
    }

    /** Stops both programs and deletes a temporary work directory; also what the shutdown hook does. */
    private void release() {
        processes.forEach(ManagedProcess::stop);
        if (deleteOnClose) {
            WorkDirectory.delete(workDirectory);
        }
    }

    @Override
    public String toString() {
        return "pebble at " + directoryUrl + " (DNS " + dnsAddress + ", work directory " + workDirectory + ")";
    }
}
