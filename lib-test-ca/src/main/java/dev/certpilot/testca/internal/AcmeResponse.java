package dev.certpilot.testca.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response of the ACME server before the common headers (Replay-Nonce, Link index) are added.
 *
 * @param status      HTTP status
 * @param contentType content type, null without body
 * @param body        body bytes (may be empty)
 * @param headers     extra headers; a header may have several values (Link)
 */
record AcmeResponse(int status, String contentType, byte[] body, Map<String, List<String>> headers) {

    static AcmeResponse json(int status, Map<String, ?> json) {
        return new AcmeResponse(status, "application/json",
                Json.write(json).getBytes(java.nio.charset.StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static AcmeResponse empty(int status) {
        return new AcmeResponse(status, null, new byte[0], new LinkedHashMap<>());
    }

    static AcmeResponse text(int status, String contentType, String text) {
        return new AcmeResponse(status, contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    /** Adds a header value. */
    AcmeResponse header(String name, String value) {
        headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        return this;
    }
}
