package dev.certpilot.internal.acme;

import dev.certpilot.CaException;
import dev.certpilot.ErrorCode;
import dev.certpilot.Problem;
import dev.certpilot.RateLimitedException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/** Turns acme4j's exceptions and problems into certpilot's. */
public final class AcmeErrors {

    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP (\\d{3})");

    private AcmeErrors() {
    }

    /** The certpilot exception for a failed {@code action} (e.g. "creating the order"). */
    public static CaException map(String action, Exception e) {
        if (e instanceof AcmeRateLimitedException r) {
            Problem p = problem(r.getProblem());
            return new RateLimitedException(action + " was rate-limited by the CA: " + p, p,
                    r.getRetryAfter().orElse(null), e);
        }
        if (e instanceof AcmeUserActionRequiredException u) {
            Problem p = problem(u.getProblem());
            return new CaException(ErrorCode.CA_ERROR, action + " failed: the CA requires an action by the account"
                    + " holder (" + p + ")" + Optional.ofNullable(u.getInstance()).map(i -> ", see " + i).orElse(""),
                    p, e);
        }
        if (e instanceof AcmeServerException s) {
            Problem p = problem(s.getProblem());
            return new CaException(ErrorCode.CA_ERROR, action + " failed: " + p, p, e);
        }
        if (e instanceof AcmeNetworkException) {
            return new CaException(ErrorCode.CA_ERROR, action + " failed: the CA cannot be reached ("
                    + rootMessage(e) + ")", null, e);
        }
        String message = String.valueOf(e.getMessage());
        Matcher m = HTTP_STATUS.matcher(message);
        if (e instanceof AcmeException && m.find()) {
            int status = Integer.parseInt(m.group(1));
            Problem p = Problem.of("about:blank", message, status);
            return new CaException(ErrorCode.CA_ERROR, action + " failed: the CA answered " + message, p, e);
        }
        return new CaException(ErrorCode.CA_ERROR, action + " failed: " + e.getClass().getSimpleName() + ": "
                + message, null, e);
    }

    /** certpilot's view of an acme4j problem, with its subproblems. */
    public static Problem problem(org.shredzone.acme4j.Problem p) {
        int status = p.asJSON().get("status").optional().map(v -> {
            try {
                return v.asInt();
            } catch (RuntimeException ex) {
                return 0;
            }
        }).orElse(0);
        List<Problem> subs = p.getSubProblems().stream().map(AcmeErrors::problem).toList();
        return new Problem(p.getType().toString(), p.getDetail().orElse(p.getTitle().orElse("")), status,
                p.getIdentifier().map(i -> i.getValue()), subs);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
