package dev.certpilot.testca.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.certpilot.testca.CaEvent;
import dev.certpilot.testca.Endpoint;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes ACME requests, applies scripted faults, and adds what every response carries: {@code Replay-Nonce},
 * {@code Link: <directory>;rel="index"} and problem documents as {@code application/problem+json}.
 */
final class AcmeServer implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeServer.class);

    /** A handler of one route. */
    private interface Handler {
        AcmeResponse handle(AcmeRequest req) throws IOException;
    }

    /** A route: path (prefix when ending in '/'), endpoint for faults, allowed method, handler. */
    private record Route(String path, Endpoint endpoint, List<String> methods, Handler handler) {
    }

    private final CaContext ctx;
    private final List<Route> routes;

    AcmeServer(CaContext ctx, ValidationRunner runner) {
        this.ctx = ctx;
        Authenticator auth = new Authenticator(ctx);
        AccountResource accounts = new AccountResource(ctx, auth);
        OrderResource orders = new OrderResource(ctx, auth, runner);
        AuthzResource authz = new AuthzResource(ctx, auth, runner);
        CertificateResource certs = new CertificateResource(ctx, auth);
        List<String> post = List.of("POST");
        routes = List.of(
                new Route(Paths.DIRECTORY, Endpoint.DIRECTORY, List.of("GET", "POST"), this::directory),
                new Route(Paths.NONCE, Endpoint.NEW_NONCE, List.of("HEAD", "GET"), this::nonce),
                new Route(Paths.TERMS, null, List.of("GET"),
                        r -> AcmeResponse.text(200, "text/plain; charset=utf-8", "certpilot test CA: no terms.\n")),
                new Route(Paths.NEW_ACCOUNT, Endpoint.NEW_ACCOUNT, post, accounts::newAccount),
                new Route(Paths.ACCOUNT, Endpoint.ACCOUNT, post, accounts::account),
                new Route(Paths.ORDERS, Endpoint.ACCOUNT, post, accounts::orders),
                new Route(Paths.KEY_CHANGE, Endpoint.KEY_CHANGE, post, accounts::keyChange),
                new Route(Paths.NEW_ORDER, Endpoint.NEW_ORDER, post, orders::newOrder),
                new Route(Paths.ORDER, Endpoint.ORDER, post, orders::order),
                new Route(Paths.FINALIZE, Endpoint.FINALIZE, post, orders::finalizeOrder),
                new Route(Paths.AUTHZ, Endpoint.AUTHORIZATION, post, authz::authorization),
                new Route(Paths.CHALLENGE, Endpoint.CHALLENGE, post, authz::challenge),
                new Route(Paths.CERT, Endpoint.CERTIFICATE, post, certs::certificate),
                new Route(Paths.REVOKE, Endpoint.REVOKE_CERT, post, certs::revoke),
                new Route(Paths.RENEWAL_INFO, Endpoint.RENEWAL_INFO, List.of("GET"), certs::renewalInfo));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String base = "https://" + host(exchange);
        String path = exchange.getRequestURI().getRawPath();
        AcmeResponse response;
        Route route = null;
        try {
            for (Route r : routes) {
                boolean prefix = r.path.endsWith("/");
                if (prefix ? path.startsWith(r.path) && path.length() > r.path.length() : path.equals(r.path)) {
                    route = r;
                    break;
                }
            }
            if (route == null) {
                throw Problem.notFound("no such resource: " + path);
            }
            if (!route.methods.contains(exchange.getRequestMethod())) {
                throw Problem.of("malformed", 405, "Method not allowed").toException()
                        .header("Allow", String.join(", ", route.methods));
            }
            applyFault(route.endpoint);
            String id = route.path.endsWith("/") ? path.substring(route.path.length()) : "";
            response = route.handler.handle(new AcmeRequest(exchange, base, id));
        } catch (ProblemException e) {
            response = problem(e);
        } catch (RuntimeException e) {
            LOG.warn("internal error handling {} {}", exchange.getRequestMethod(), path, e);
            response = AcmeResponse.json(500, Problem.of("serverInternal", 500, "internal error: " + e).toJson());
        }
        Map<String, List<String>> headers = exchange.getResponseHeaders();
        headers.put("Replay-Nonce", List.of(ctx.nonces.next()));
        if (route == null || route.endpoint != Endpoint.DIRECTORY) {
            headers.computeIfAbsent("Link", k -> new java.util.ArrayList<>())
                    .add("<" + base + Paths.DIRECTORY + ">;rel=\"index\"");
        }
        if (route != null && route.endpoint == Endpoint.NEW_NONCE) {
            headers.put("Cache-Control", List.of("no-store"));
        }
        for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
            headers.computeIfAbsent(h.getKey(), k -> new java.util.ArrayList<>()).addAll(h.getValue());
        }
        drain(exchange);
        HttpIo.send(exchange, response.status(), response.contentType(), response.body());
    }

    private static void drain(HttpExchange exchange) {
        try {
            exchange.getRequestBody().readAllBytes();
        } catch (IOException ignored) {
            // the body was already read or the client is gone
        }
    }

    private void applyFault(Endpoint endpoint) {
        if (endpoint == null) {
            return;
        }
        Optional<FaultScript.Fault> fault = ctx.faults.take(endpoint);
        if (fault.isEmpty()) {
            return;
        }
        FaultScript.Fault f = fault.get();
        ctx.event(CaEvent.Type.FAULT_INJECTED, null, List.of(), null,
                endpoint + (f.status() > 0 ? " status " + f.status() : " delay " + f.delay()));
        if (!f.delay().isZero()) {
            try {
                Thread.sleep(f.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (f.status() > 0) {
            int s = f.status();
            String type = s == 429 ? "rateLimited" : s >= 500 ? "serverInternal" : "malformed";
            ProblemException e = Problem.of(type, s, "scripted fault on " + endpoint).toException();
            if (s == 429 || s == 503) {
                e.header("Retry-After", "1");
            }
            throw e;
        }
    }

    private static AcmeResponse problem(ProblemException e) {
        AcmeResponse r = new AcmeResponse(e.problem().status(), "application/problem+json",
                Json.write(e.problem().toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new LinkedHashMap<>());
        e.headers().forEach(r::header);
        return r;
    }

    private AcmeResponse directory(AcmeRequest req) {
        String b = req.base();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("termsOfService", b + Paths.TERMS);
        meta.put("externalAccountRequired", ctx.settings.eabRequired());
        Map<String, Object> profiles = new LinkedHashMap<>();
        ctx.settings.profiles().forEach((name, validity) -> profiles.put(name, "certificates valid for " + validity
                + (name.equals(ctx.settings.defaultProfile()) ? " (default)" : "")));
        meta.put("profiles", profiles);
        Map<String, Object> dir = new LinkedHashMap<>();
        dir.put("newNonce", b + Paths.NONCE);
        dir.put("newAccount", b + Paths.NEW_ACCOUNT);
        dir.put("newOrder", b + Paths.NEW_ORDER);
        dir.put("revokeCert", b + Paths.REVOKE);
        dir.put("keyChange", b + Paths.KEY_CHANGE);
        dir.put("renewalInfo", b + Paths.RENEWAL_INFO);
        dir.put("meta", meta);
        return AcmeResponse.json(200, dir);
    }

    private AcmeResponse nonce(AcmeRequest req) {
        return AcmeResponse.empty("HEAD".equals(req.method()) ? 200 : 204);
    }

    private static String host(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            var a = exchange.getLocalAddress();
            String h = a.getAddress().getHostAddress();
            return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
        }
        return host.trim();
    }
}
