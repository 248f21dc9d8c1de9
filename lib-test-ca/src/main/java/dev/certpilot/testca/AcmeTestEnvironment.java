package dev.certpilot.testca;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A running ACME CA together with the DNS server it validates {@code dns-01} challenges against.
 *
 * <p>Two implementations exist: the bundled in-process {@link TestCa} and {@link PebbleLauncher}'s handle on a
 * real Pebble + pebble-challtestsrv (Debian package {@code pebble}). Integration suites are written against this
 * interface so that the same tests run against both, which is how the bundled CA is kept faithful to Pebble.
 * Features only one side has are asked for through {@link #supports(Capability)}.
 *
 * <p>Implementations are thread-safe. {@link #close()} stops every server the environment started and is
 * idempotent.
 */
public interface AcmeTestEnvironment extends AutoCloseable {

    /** A short name for test reports: {@code "bundled"} or {@code "pebble"}. */
    String name();

    /** The ACME directory URL, an {@code https://} URL on a loopback address. */
    URI directoryUrl();

    /** A trust store (type PKCS12, no password needed to read it) holding the TLS root of the ACME listener. */
    KeyStore trustStore();

    /** The TLS root of the ACME listener, PEM encoded. */
    String tlsRootPem();

    /** Control over the records served by the DNS server this CA validates against. */
    TestDnsControl dns();

    /** UDP and TCP address of the DNS server this CA validates {@code dns-01} against. */
    InetSocketAddress dnsAddress();

    /** Whether this environment has the given capability; tests of a missing capability are skipped. */
    boolean supports(Capability capability);

    /** The root certificates the CA issues under, one per chain (the default chain first). */
    List<X509Certificate> issuingRoots();

    /**
     * The revocation status the CA holds for a certificate serial, read from its management API
     * ({@code /cert-status-by-serial/}); empty when the CA does not know the serial.
     */
    Optional<CertificateStatus> certificateStatus(BigInteger serial);

    /** Stops every server this environment started. Idempotent. */
    @Override
    void close();
}
