package dev.certpilot.testca.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading requests and writing whole responses on the JDK HTTP server in one write each. */
public final class HttpIo {
    private HttpIo() {
    }

    /** Thrown when a body is larger than allowed. */
    public static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /** Reads the request body up to {@code limit} bytes. @throws TooLargeException when it is larger */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw new TooLargeException(limit);
                }
            } catch (NumberFormatException ignored) {
                // the server itself rejects malformed lengths
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new TooLargeException(limit);
                }
            }
            return out.toByteArray();
        }
    }

    /** Sends {@code body} (may be empty) with {@code status} and closes the exchange. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        if (body.length == 0 || head || status == 204) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Sends a UTF-8 text body. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
