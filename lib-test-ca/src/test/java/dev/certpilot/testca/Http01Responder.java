package dev.certpilot.testca;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test helper: serves http-01 key authorizations on a free loopback port. */
final class Http01Responder implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Http01Responder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/.well-known/acme-challenge/", ex -> {
            String token = ex.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String body = tokens.get(token);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void put(String token, String keyAuthorization) {
        tokens.put(token, keyAuthorization);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
