package dev.certpilot.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Real TLS servers on a free loopback port, each wired to a {@link CertpilotKeyManager} the way its users would, each
 * answering any HTTP request with {@code 200} and the body {@code hello from <kind>}.
 */
enum TlsServers {

    /** The JDK's {@code com.sun.net.httpserver.HttpsServer} (SSLEngine, {@code chooseEngineServerAlias}). */
    JDK_HTTPS_SERVER {
        @Override
        Running start(CertpilotKeyManager keyManager) throws Exception {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(keyManager.sslContext()));
            server.createContext("/", exchange -> {
                byte[] body = body();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            ExecutorService executor = Executors.newFixedThreadPool(2);
            server.setExecutor(executor);
            server.start();
            return new Running(server.getAddress().getPort(), () -> {
                server.stop(0);
                executor.shutdownNow();
            });
        }
    },

    /** A plain {@link SSLServerSocket} (blocking sockets, {@code chooseServerAlias}). */
    JDK_SSL_SERVER_SOCKET {
        @Override
        Running start(CertpilotKeyManager keyManager) throws Exception {
            SSLServerSocket socket = (SSLServerSocket) keyManager.sslContext().getServerSocketFactory()
                    .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
            ExecutorService executor = Executors.newFixedThreadPool(2);
            executor.execute(() -> {
                while (!socket.isClosed()) {
                    try {
                        SSLSocket client = (SSLSocket) socket.accept();
                        executor.execute(() -> answer(client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return new Running(socket.getLocalPort(), () -> {
                socket.close();
                executor.shutdownNow();
            });
        }

        private void answer(SSLSocket client) {
            try (client) {
                client.setSoTimeout(10_000);
                client.startHandshake();
                byte[] head = new byte[4096];
                if (client.getInputStream().read(head) > 0) {
                    client.getOutputStream().write(response());
                }
            } catch (IOException e) {
                // a client that failed its handshake: nothing to answer
            }
        }
    },

    /** Jetty 12 with its {@link SecureRequestCustomizer} (SNI host check on). */
    JETTY {
        @Override
        Running start(CertpilotKeyManager keyManager) throws Exception {
            Server server = new Server();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(keyManager.sslContext());
            HttpConfiguration config = new HttpConfiguration();
            config.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(config));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                    Content.Sink.write(response, true, new String(body(), StandardCharsets.UTF_8), callback);
                    return true;
                }
            });
            server.start();
            return new Running(connector.getLocalPort(), server::stop);
        }
    },

    /** Netty 4.1 with {@code SslContextBuilder.forServer(keyManager)} (JDK SSL provider). */
    NETTY {
        @Override
        Running start(CertpilotKeyManager keyManager) throws Exception {
            return netty(SslContextBuilder.forServer(keyManager).sslProvider(SslProvider.JDK).build());
        }
    },

    /** Netty 4.1 with {@code SslContextBuilder.forServer(keyManagerFactory)}. */
    NETTY_KEY_MANAGER_FACTORY {
        @Override
        Running start(CertpilotKeyManager keyManager) throws Exception {
            return netty(SslContextBuilder.forServer(keyManager.keyManagerFactory()).sslProvider(SslProvider.JDK)
                    .build());
        }
    };

    /** Starts the server. */
    abstract Running start(CertpilotKeyManager keyManager) throws Exception;

    /** What every server answers. */
    byte[] body() {
        return ("hello from " + name()).getBytes(StandardCharsets.UTF_8);
    }

    byte[] response() {
        byte[] body = body();
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    Running netty(SslContext sslContext) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        byte[] response = response();
        Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(sslContext.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                boolean request = msg instanceof ByteBuf buf && buf.isReadable();
                                ReferenceCountUtil.release(msg);
                                if (request) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(response))
                                            .addListener(ChannelFutureListener.CLOSE);
                                }
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return new Running(((InetSocketAddress) channel.localAddress()).getPort(), () -> {
            channel.close().sync();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        });
    }

    /** A started server. */
    record Running(int port, Stopper stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.stop();
        }
    }

    /** Stops a server. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }
}
