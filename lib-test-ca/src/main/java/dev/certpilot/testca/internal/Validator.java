package dev.certpilot.testca.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Performs one validation attempt of a challenge: dns-01 by real DNS queries to the configured resolver, http-01
 * by an HTTP/1.0 GET to the identifier's address at the configured port. Problems follow Let's Encrypt: {@code dns}
 * for lookups that fail, {@code unauthorized} for a missing or wrong TXT value and non-200 HTTP answers,
 * {@code incorrectResponse} for a wrong http-01 body, {@code connection} when nothing answers.
 */
final class Validator {
    private static final int HTTP_TIMEOUT_MS = 5000;
    private static final int MAX_HTTP_BYTES = 64 * 1024;

    private final DnsLookup dns;
    private final int httpPort;

    Validator(InetSocketAddress resolver, int httpPort) {
        this.dns = new DnsLookup(resolver);
        this.httpPort = httpPort;
    }

    /** Validates; null when the challenge is fulfilled, else the problem. */
    Problem validate(String type, Identifier id, String token, String keyAuthorization) {
        return switch (type) {
            case "dns-01" -> dns01(id, keyAuthorization);
            case "http-01" -> http01(id, token, keyAuthorization);
            default -> Problem.of("malformed", 400, "unsupported challenge type " + type);
        };
    }

    /** The dns-01 TXT value of a key authorization. */
    static String dnsDigest(String keyAuthorization) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Problem dns01(Identifier id, String keyAuthorization) {
        String name = "_acme-challenge." + id.value();
        List<String> values;
        try {
            values = dns.txt(name);
        } catch (DnsLookup.Failure e) {
            return Problem.of("dns", 400, "DNS problem: " + e.getMessage());
        }
        if (values.isEmpty()) {
            return Problem.of("unauthorized", 403, "No TXT record found at " + name);
        }
        String expected = dnsDigest(keyAuthorization);
        for (String v : values) {
            if (MessageDigest.isEqual(v.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                return null;
            }
        }
        return Problem.of("unauthorized", 403, "Incorrect TXT record \"" + values.get(0) + "\"" + (values.size() > 1
                ? " (and " + (values.size() - 1) + " more)" : "") + " found at " + name);
    }

    private Problem http01(Identifier id, String token, String keyAuthorization) {
        InetAddress address;
        if ("ip".equals(id.type())) {
            address = dev.certpilot.testca.internal.dns.IpLiterals.parseAny(id.value());
        } else {
            try {
                List<InetAddress> all = dns.addresses(id.value());
                if (all.isEmpty()) {
                    return Problem.of("dns", 400, "DNS problem: no A or AAAA record found for " + id.value());
                }
                address = all.get(0);
            } catch (DnsLookup.Failure e) {
                return Problem.of("dns", 400, "DNS problem: " + e.getMessage());
            }
        }
        String path = "/.well-known/acme-challenge/" + token;
        String url = "http://" + id.value() + ":" + httpPort + path;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, httpPort), HTTP_TIMEOUT_MS);
            socket.setSoTimeout(HTTP_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            String host = id.value().contains(":") ? "[" + id.value() + "]" : id.value();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: certpilot-test-ca\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());
            int headerEnd = response.indexOf("\r\n\r\n");
            String statusLine = response.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ");
            int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            if (status != 200) {
                return Problem.of("unauthorized", 403, "Invalid response from " + url + ": " + status);
            }
            String body = headerEnd < 0 ? "" : response.substring(headerEnd + 4).trim();
            if (!body.equals(keyAuthorization)) {
                return Problem.of("incorrectResponse", 403, "The key authorization file from " + url
                        + " does not match the expected value");
            }
            return null;
        } catch (IOException e) {
            return Problem.of("connection", 400, "Fetching " + url + ": " + e.getMessage());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        int n;
        while ((n = in.read(b)) >= 0 && buf.size() < MAX_HTTP_BYTES) {
            buf.write(b, 0, n);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
