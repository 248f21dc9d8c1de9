package dev.certpilot.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Lets {@link javax.net.ssl.HttpsURLConnection} reach {@code https://127.0.0.1:<port>/} as if it were
 * {@code https://<serverName>/}, the way a name in {@code /etc/hosts} would: TLS layers over the connected socket
 * with {@code serverName} as SNI and as the name the certificate is verified against (endpoint identification
 * {@code HTTPS}). Unconnected sockets are not offered, so HttpsURLConnection connects a plain socket first.
 */
final class SniSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String serverName;

    SniSocketFactory(SSLSocketFactory delegate, String serverName) {
        this.delegate = delegate;
        this.serverName = serverName;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) delegate.createSocket(s, serverName, port, autoClose);
        SSLParameters params = ssl.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(serverName)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        return ssl;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("connect a plain socket first");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("connect a plain socket first");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("connect a plain socket first");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new IOException("connect a plain socket first");
    }
}
