package dev.certpilot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 7807 problem document as an ACME CA sends it (RFC 8555 section 6.7), with ACME's per-identifier
 * {@code subproblems}.
 *
 * @param type        the problem type URI, e.g. {@code urn:ietf:params:acme:error:rateLimited}
 * @param detail      the CA's human-readable explanation; empty string when the CA sent none
 * @param status      the HTTP status the CA answered with, or 0 when unknown
 * @param identifier  the identifier (DNS name) the problem is about, for subproblems
 * @param subproblems per-identifier problems, possibly empty
 */
public record Problem(String type, String detail, int status, Optional<String> identifier, List<Problem> subproblems) {

    /** Validates and copies the components. */
    public Problem {
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(identifier, "identifier");
        subproblems = List.copyOf(subproblems);
    }

    /** A problem without identifier and subproblems. */
    public static Problem of(String type, String detail, int status) {
        return new Problem(type, detail, status, Optional.empty(), List.of());
    }

    /** The type without the {@code urn:ietf:params:acme:error:} prefix, e.g. {@code rateLimited}. */
    public String shortType() {
        String prefix = "urn:ietf:params:acme:error:";
        return type.startsWith(prefix) ? type.substring(prefix.length()) : type;
    }

    /** {@code type: detail}, then each subproblem as {@code identifier: type: detail}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(shortType());
        if (!detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        for (Problem sub : subproblems) {
            sb.append("; ").append(sub.identifier().orElse("?")).append(": ").append(sub);
        }
        return sb.toString();
    }
}
