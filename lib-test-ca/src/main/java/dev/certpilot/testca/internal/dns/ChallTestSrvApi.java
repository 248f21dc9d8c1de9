package dev.certpilot.testca.internal.dns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.certpilot.testca.internal.HttpIo;
import dev.certpilot.testca.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pebble-challtestsrv management API over a {@link DnsData}: same paths, JSON bodies (member names matched
 * ignoring case, as Go does) and status codes (200 empty body on success, 400 for an empty or malformed body or
 * a missing member).
 */
public final class ChallTestSrvApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChallTestSrvApi.class);
    private static final int MAX_BODY = 1 << 20;

    /** The paths this API answers. */
    public static final List<String> PATHS = List.of("/set-txt", "/clear-txt", "/add-a", "/clear-a", "/add-aaaa",
            "/clear-aaaa", "/set-default-ipv4", "/set-default-ipv6", "/set-cname", "/clear-cname", "/set-servfail",
            "/clear-servfail");

    private final DnsData data;

    /** An API changing {@code data}. */
    public ChallTestSrvApi(DnsData data) {
        this.data = data;
    }

    /** Thrown for a request challtestsrv answers with 400. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!PATHS.contains(path)) {
            HttpIo.send(exchange, 404, "text/plain; charset=utf-8", "404 page not found\n");
            return;
        }
        try {
            String body = new String(HttpIo.readBody(exchange, MAX_BODY), StandardCharsets.UTF_8);
            if (body.isEmpty()) {
                throw new BadRequest("expected JSON POST body, was empty");
            }
            Map<String, Object> json;
            try {
                json = Json.parseObject(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            apply(path, json);
            HttpIo.send(exchange, 200, null, new byte[0]);
        } catch (BadRequest e) {
            HttpIo.send(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        } catch (IOException e) {
            HttpIo.send(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private void apply(String path, Map<String, Object> json) throws BadRequest {
        switch (path) {
            case "/set-txt" -> data.addTxt(host(json), required(json, "value"));
            case "/clear-txt" -> data.clearTxt(host(json));
            case "/add-a", "/add-aaaa" -> {
                String host = host(json);
                List<InetAddress> addresses = addresses(json, path.equals("/add-aaaa"));
                data.addAddresses(host, addresses);
            }
            case "/clear-a" -> data.clearAddresses(host(json), false);
            case "/clear-aaaa" -> data.clearAddresses(host(json), true);
            case "/set-default-ipv4", "/set-default-ipv6" -> {
                boolean v6 = path.endsWith("ipv6");
                String ip = optional(json, "ip");
                data.setDefault(ip == null || ip.isEmpty() ? null : literal(ip, v6), v6);
            }
            case "/set-cname" -> data.setCname(host(json), DnsNames.normalize(required(json, "target")));
            case "/clear-cname" -> data.clearCname(host(json));
            case "/set-servfail" -> data.setServfail(host(json), true);
            case "/clear-servfail" -> data.setServfail(host(json), false);
            default -> throw new BadRequest("unknown path");
        }
        LOG.debug("challtestsrv API {} {}", path, json.get("host"));
    }

    private static String host(Map<String, Object> json) throws BadRequest {
        return DnsNames.normalize(required(json, "host"));
    }

    private static String required(Map<String, Object> json, String key) throws BadRequest {
        String v = optional(json, key);
        if (v == null || v.isEmpty()) {
            throw new BadRequest("missing " + key);
        }
        return v;
    }

    private static String optional(Map<String, Object> json, String key) throws BadRequest {
        Object v = Json.getIgnoreCase(json, key);
        if (v != null && !(v instanceof String)) {
            throw new BadRequest(key + " must be a string");
        }
        return (String) v;
    }

    private static List<InetAddress> addresses(Map<String, Object> json, boolean v6) throws BadRequest {
        List<String> raw;
        try {
            raw = Json.strings(Json.getIgnoreCase(json, "addresses"), "addresses");
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (raw.isEmpty()) {
            throw new BadRequest("missing addresses");
        }
        List<InetAddress> out = new ArrayList<>();
        for (String s : raw) {
            out.add(literal(s, v6));
        }
        return out;
    }

    private static InetAddress literal(String ip, boolean v6) throws BadRequest {
        try {
            return IpLiterals.parse(ip, v6);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }
}
