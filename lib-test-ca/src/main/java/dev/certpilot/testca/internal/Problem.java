package dev.certpilot.testca.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 7807 problem document with an ACME error type.
 *
 * @param type        the ACME error name, e.g. {@code badNonce} (serialised as {@code urn:ietf:params:acme:error:...})
 * @param detail      human-readable detail
 * @param status      HTTP status
 * @param identifier  the identifier a subproblem is about, or null
 * @param subproblems per-identifier problems
 */
public record Problem(String type, String detail, int status, Identifier identifier, List<Problem> subproblems) {
    /** The URN prefix of ACME error types. */
    public static final String PREFIX = "urn:ietf:params:acme:error:";

    /** Validates the components. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        subproblems = List.copyOf(subproblems);
    }

    /** A problem without identifier and subproblems. */
    public static Problem of(String type, int status, String detail) {
        return new Problem(type, detail, status, null, List.of());
    }

    /** A subproblem about one identifier. */
    public static Problem about(Identifier identifier, String type, String detail) {
        return new Problem(type, detail, 400, identifier, List.of());
    }

    /** A copy with subproblems. */
    public Problem withSubproblems(List<Problem> subs) {
        return new Problem(type, detail, status, identifier, subs);
    }

    /** The JSON form. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", PREFIX + type);
        m.put("detail", detail);
        m.put("status", status);
        if (identifier != null) {
            m.put("identifier", identifier.toJson());
        }
        if (!subproblems.isEmpty()) {
            m.put("subproblems", subproblems.stream().map(Problem::toJson).toList());
        }
        return m;
    }

    /** An exception carrying this problem. */
    public ProblemException toException() {
        return new ProblemException(this);
    }

    /** {@code malformed}, 400. */
    public static ProblemException malformed(String detail) {
        return of("malformed", 400, detail).toException();
    }

    /** {@code unauthorized}, 403. */
    public static ProblemException unauthorized(String detail) {
        return of("unauthorized", 403, detail).toException();
    }

    /** {@code badCSR}, 400. */
    public static ProblemException badCsr(String detail) {
        return of("badCSR", 400, detail).toException();
    }

    /** {@code malformed}, 404. */
    public static ProblemException notFound(String detail) {
        return of("malformed", 404, detail).toException();
    }
}
