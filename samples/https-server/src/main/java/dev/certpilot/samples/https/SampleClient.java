package dev.certpilot.samples.https;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small HTTPS client for the sample: connects to a loopback port as if {@code serverName} resolved there (the
 * name goes into SNI, the {@code Host} header and the certificate check), trusting only given roots. Each request is
 * a new TLS session, as a new visitor's would be.
 */
public final class SampleClient {

    /**
     * One answer.
     *
     * @param serial the serial of the certificate the server presented, lower-case hex
     * @param body   the response body
     */
    public record Answer(String serial, String body) {
    }

    private final TrustManagerFactory trust;

    /** A client trusting {@code roots} only. */
    public SampleClient(List<X509Certificate> roots) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            store.setCertificateEntry("root-" + i, roots.get(i));
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
    }

    /** {@code GET /} on {@code 127.0.0.1:port} as {@code https://serverName/}. */
    public Answer get(int port, String serverName) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        plain.setSoTimeout(10_000);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true)) {
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(serverName)));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
            tls.startHandshake();
            X509Certificate leaf = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            OutputStream out = tls.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + serverName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new Answer(leaf.getSerialNumber().toString(16), body.strip());
        }
    }
}
