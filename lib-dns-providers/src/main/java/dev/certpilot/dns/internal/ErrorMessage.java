package dev.certpilot.dns.internal;

/**
 * Extracts a service's own explanation from an error response, e.g. Cloudflare's {@code errors[].message} or
 * PowerDNS's {@code error}. The result is redacted and truncated by {@link HttpApi}.
 */
@FunctionalInterface
public interface ErrorMessage {

    /** The body as text: the fallback for services without a structured error. */
    ErrorMessage BODY_TEXT = ApiResponse::text;

    /**
     * The service's explanation of the failed response; may return an empty string when there is none.
     * Must not throw: fall back to {@link ApiResponse#text()} when the body is not in the expected shape.
     */
    String extract(ApiResponse response);

    /** Reads a JSON string field ({@code {"error": "..."}}), falling back to the body text. */
    static ErrorMessage jsonField(String field) {
        return response -> {
            try {
                String value = response.json().path(field).asText("");
                return value.isEmpty() ? response.text() : value;
            } catch (RuntimeException e) {
                return response.text();
            }
        };
    }
}
