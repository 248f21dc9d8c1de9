package dev.certpilot.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real TLS client (the JDK's JSSE over a loopback socket) that sends a chosen SNI name, checks the server's
 * certificate chain against given roots and the name like a browser would (endpoint identification {@code HTTPS}),
 * and can send one HTTP/1.1 request with that name as {@code Host}. Every connection is a full handshake from a new
 * client context (no session resumption).
 */
final class TlsProbe {

    /**
     * What the server showed and answered.
     *
     * @param leaf       the server's certificate
     * @param statusLine the HTTP status line, or empty when no request was sent
     * @param body       the response body (after the headers)
     */
    record Answer(X509Certificate leaf, String statusLine, String body) {
    }

    private final TrustManager[] trust;
    private final String[] cipherSuites;

    private TlsProbe(TrustManager[] trust, String[] cipherSuites) {
        this.trust = trust;
        this.cipherSuites = cipherSuites;
    }

    /** A probe trusting these roots. */
    static TlsProbe trusting(List<X509Certificate> roots) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trust.setCertificateEntry("root" + i, roots.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return new TlsProbe(tmf.getTrustManagers(), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new client context, as a new visitor's browser has: without a session from an earlier connection that the
     * server could resume (a resumed session keeps the certificate it was established with).
     */
    SSLContext freshContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same probe offering only these TLS 1.2 cipher suites. */
    TlsProbe tls12(String... suites) {
        return new TlsProbe(trust, suites);
    }

    /** Handshakes sending {@code serverName} (none when {@code null}) and returns the server's leaf. */
    X509Certificate handshake(int port, String serverName) throws IOException {
        try (SSLSocket s = connect(port, serverName)) {
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    /** Handshakes, sends {@code GET path} with {@code Host: serverName} and reads the whole answer. */
    Answer get(int port, String serverName, String path) throws IOException {
        try (SSLSocket s = connect(port, serverName)) {
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + serverName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String statusLine = response.substring(0, Math.max(0, response.indexOf("\r\n")));
            return new Answer(leaf, statusLine, headersEnd < 0 ? "" : response.substring(headersEnd + 4));
        }
    }

    private SSLSocket connect(int port, String serverName) throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            raw.setSoTimeout(10_000);
            String peer = serverName == null ? "127.0.0.1" : serverName;
            SSLSocket s = (SSLSocket) freshContext().getSocketFactory().createSocket(raw, peer, port, true);
            SSLParameters params = s.getSSLParameters();
            if (serverName != null) {
                params.setServerNames(List.of(new SNIHostName(serverName)));
                params.setEndpointIdentificationAlgorithm("HTTPS");
            } else {
                params.setServerNames(List.of());
            }
            if (cipherSuites != null) {
                params.setProtocols(new String[] {"TLSv1.2"});
                params.setCipherSuites(cipherSuites);
            }
            s.setSSLParameters(params);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (javax.net.ssl.SSLException e) {
            // some servers close without close_notify after "Connection: close"
            return new byte[0];
        }
    }
}
