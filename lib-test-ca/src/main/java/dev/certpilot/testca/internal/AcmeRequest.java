package dev.certpilot.testca.internal;

import com.sun.net.httpserver.HttpExchange;

/**
 * One request to the ACME server.
 *
 * @param exchange the HTTP exchange
 * @param base     {@code https://host:port} as the client addressed the server (Host header)
 * @param id       the path after the route's prefix (resource id), may be empty
 */
record AcmeRequest(HttpExchange exchange, String base, String id) {

    /** The full request URL the JWS {@code url} header must equal. */
    String url() {
        return base + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    }

    String method() {
        return exchange.getRequestMethod();
    }
}
