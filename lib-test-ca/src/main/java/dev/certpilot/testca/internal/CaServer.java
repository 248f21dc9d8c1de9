package dev.certpilot.testca.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.certpilot.testca.CertificateStatus;
import dev.certpilot.testca.RenewalWindow;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** The running ACME and management HTTPS listeners of one test CA. */
public final class CaServer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    static {
        HttpServers.configure();
    }

    private final CaContext ctx;
    private final ValidationRunner runner;
    private final HttpsServer acme;
    private final HttpsServer management;
    private final ExecutorService executor;
    private final SSLContext sslContext;

    /**
     * Creates keys and starts the listeners.
     *
     * @throws IOException when a port cannot be bound
     */
    public CaServer(CaSettings settings, EventLog events, FaultScript faults) throws IOException {
        Crypto.warmUpInBackground();
        Pki pki = new Pki(settings.chains(), settings.clock().instant());
        this.ctx = new CaContext(settings, pki, events, faults);
        this.runner = new ValidationRunner(ctx);
        this.sslContext = pki.serverSslContext();
        this.executor = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "test-ca-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        HttpsServer a = null;
        HttpsServer m = null;
        try {
            a = HttpsServer.create(new InetSocketAddress(settings.host(), settings.acmePort()), 256);
            a.setHttpsConfigurator(new HttpsConfigurator(sslContext));
            a.createContext("/", new AcmeServer(ctx, runner));
            a.setExecutor(executor);
            if (settings.managementPort() >= 0) {
                m = HttpsServer.create(new InetSocketAddress(settings.host(), settings.managementPort()), 64);
                m.setHttpsConfigurator(new HttpsConfigurator(sslContext));
                m.createContext("/", new ManagementApi(ctx));
                m.setExecutor(executor);
            }
        } catch (IOException e) {
            if (a != null) {
                a.stop(0);
            }
            executor.shutdownNow();
            runner.close();
            throw e;
        }
        this.acme = a;
        this.management = m;
        acme.start();
        if (management != null) {
            management.start();
        }
    }

    /** The bound ACME address. */
    public InetSocketAddress acmeAddress() {
        return acme.getAddress();
    }

    /** The bound management address, if the management API runs. */
    public Optional<InetSocketAddress> managementAddress() {
        return Optional.ofNullable(management).map(HttpsServer::getAddress);
    }

    /** The keys and certificates. */
    public Pki pki() {
        return ctx.pki;
    }

    /** A client SSL context is not this; the server's own, for tests of the listener. */
    SSLContext serverSslContext() {
        return sslContext;
    }

    /** The status of a serial, empty when unknown. */
    public Optional<CertificateStatus> certificateStatus(BigInteger serial) {
        synchronized (ctx.store) {
            IssuedCertificate c = ctx.store.certificatesBySerial.get(serial);
            if (c == null) {
                return Optional.empty();
            }
            return Optional.of(new CertificateStatus(serial.toString(16), c.revoked, Optional.ofNullable(c.reason),
                    Optional.ofNullable(c.revokedAt)));
        }
    }

    /** Sets the ARI window of a serial; false when the serial is unknown. */
    public boolean setRenewalWindow(BigInteger serial, RenewalWindow window) {
        return ManagementApi.setWindow(ctx, serial, window, null);
    }

    /** How many certificates were issued so far. */
    public int issuedCount() {
        synchronized (ctx.store) {
            return ctx.store.certificates.size();
        }
    }

    @Override
    public void close() {
        acme.stop(0);
        if (management != null) {
            management.stop(0);
        }
        executor.shutdownNow();
        runner.close();
    }
}
