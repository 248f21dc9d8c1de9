package dev.certpilot.testca.internal.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports that are free right now, for programs that take their ports on the command line.
 *
 * <p>The operating system chooses the port; it is released again before the program binds it, so another
 * process may take it in between. Callers detect that (the program exits with "address already in use") and
 * start again with new ports. Internal: not part of certpilot's API.
 */
public final class LoopbackPorts {

    private static final int ATTEMPTS = 20;

    private LoopbackPorts() {
    }

    /** The IPv4 loopback address {@code 127.0.0.1} every port is taken on. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a literal address cannot be unknown", e);
        }
    }

    /** A TCP port on 127.0.0.1 that is free now. */
    public static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    /** A port on 127.0.0.1 that is free now for both TCP and UDP (a DNS server takes both). */
    public static int freeTcpAndUdpPort() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freeTcpPort();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), port))) {
                return udp.getLocalPort();
            } catch (IOException takenForUdp) {
                // the TCP port is free but its UDP twin is taken: try another
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP after " + ATTEMPTS + " attempts");
    }
}
