package dev.certpilot.testca.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ends the handling of a request with a problem document and optional extra response headers. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** An exception answering {@code problem}. */
    public ProblemException(Problem problem) {
        super(problem.type() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** The problem to answer. */
    public Problem problem() {
        return problem;
    }

    /** Adds a response header (e.g. {@code Retry-After}, {@code Link}, {@code Location}). */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
