package dev.certpilot.dns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A response the provider accepted: its status, headers and body.
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the raw body, possibly empty
 */
public record ApiResponse(int status, HttpHeaders headers, byte[] body) {

    /** Validates the components. */
    public ApiResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as a JSON tree ({@code MissingNode} when empty).
     *
     * @throws UncheckedIOException when the body is not JSON; {@link HttpApi} turns it into a provider error
     */
    public JsonNode json() {
        try {
            return Json.tree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the response is not JSON", e);
        }
    }

    /**
     * The body read as {@code type}.
     *
     * @throws UncheckedIOException when the body is not JSON of that shape
     */
    public <T> T as(Class<T> type) {
        try {
            return Json.read(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the response is not the expected JSON", e);
        }
    }
}
