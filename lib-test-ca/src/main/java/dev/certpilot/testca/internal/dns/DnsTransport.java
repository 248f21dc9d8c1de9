package dev.certpilot.testca.internal.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** UDP and TCP listeners on one address and port that hand every query to a {@link DnsResponder}. */
public final class DnsTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsTransport.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DnsResponder responder;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final ExecutorService workers;
    private volatile boolean closed;

    private DnsTransport(DnsResponder responder, DatagramChannel udp, ServerSocketChannel tcp) {
        this.responder = responder;
        this.udp = udp;
        this.tcp = tcp;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-dns-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::serveUdp);
        workers.execute(this::acceptTcp);
    }

    /**
     * Binds UDP and TCP on {@code address:port}; with port 0 picks a port free for both.
     *
     * @throws IOException when the port cannot be bound
     */
    public static DnsTransport start(DnsResponder responder, InetAddress address, int port) throws IOException {
        int attempts = port == 0 ? 20 : 1;
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            ServerSocketChannel tcp = ServerSocketChannel.open();
            DatagramChannel udp = null;
            try {
                tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                tcp.bind(new InetSocketAddress(address, port), 128);
                int bound = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                udp = DatagramChannel.open();
                udp.bind(new InetSocketAddress(address, bound));
                return new DnsTransport(responder, udp, tcp);
            } catch (BindException e) {
                last = e;
                tcp.close();
                if (udp != null) {
                    udp.close();
                }
            }
        }
        throw last;
    }

    /** The bound address (same port for UDP and TCP). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) tcp.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serveUdp() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (!closed) {
            try {
                in.clear();
                SocketAddress from = udp.receive(in);
                in.flip();
                byte[] query = new byte[in.remaining()];
                in.get(query);
                byte[] answer = responder.answer(query, true);
                if (answer != null) {
                    udp.send(ByteBuffer.wrap(answer), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("UDP query failed", e);
                }
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept().socket();
                workers.execute(() -> serveTcp(socket));
            } catch (ClosedChannelException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("TCP accept failed", e);
                }
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] answer = responder.answer(query, false);
                if (answer == null) {
                    return;
                }
                byte[] framed = new byte[answer.length + 2];
                framed[0] = (byte) (answer.length >>> 8);
                framed[1] = (byte) answer.length;
                System.arraycopy(answer, 0, framed, 2, answer.length);
                out.write(framed);
                out.flush();
            }
        } catch (IOException e) {
            LOG.trace("TCP connection ended", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            udp.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
        workers.shutdownNow();
    }
}
