package dev.certpilot.testca.internal;

import dev.certpilot.testca.internal.dns.IpLiterals;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and checks the identifiers of a newOrder: 1 to 100 distinct {@code dns}/{@code ip} identifiers. */
final class OrderIdentifiers {
    static final int MAX = 100;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private OrderIdentifiers() {
    }

    /** @throws ProblemException malformed (with a subproblem per bad identifier) */
    static List<Identifier> parse(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw Problem.malformed("Order did not specify any identifiers");
        }
        Set<Identifier> ids = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)
                    || !(m.get("value") instanceof String value)) {
                throw Problem.malformed("each identifier must be an object with string type and value");
            }
            Identifier id = new Identifier(type, "dns".equals(type) ? value.toLowerCase(Locale.ROOT) : value);
            String error = check(id);
            if (error != null) {
                problems.add(Problem.about(id, "ip".equals(type) || "dns".equals(type) ? "malformed"
                        : "unsupportedIdentifier", error));
            }
            ids.add(id);
        }
        if (!problems.isEmpty()) {
            throw new Problem(problems.size() == 1 ? problems.get(0).type() : "malformed",
                    "Order has invalid identifiers: " + problems.get(0).detail()
                            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                    400, null, problems).toException();
        }
        if (ids.size() > MAX) {
            throw Problem.of("rejectedIdentifier", 400, "Order cannot contain more than " + MAX + " identifiers, has "
                    + ids.size()).toException();
        }
        return List.copyOf(ids);
    }

    private static String check(Identifier id) {
        if ("ip".equals(id.type())) {
            return IpLiterals.isLiteral(id.value()) ? null : "malformed IP address identifier " + id.value();
        }
        if (!"dns".equals(id.type())) {
            return "unsupported identifier type " + id.type();
        }
        String v = id.value();
        if (v.isEmpty()) {
            return "empty DNS identifier";
        }
        if (v.length() > 253) {
            return "DNS identifier longer than 253 characters";
        }
        if (IpLiterals.isLiteral(v)) {
            return "DNS identifier with an IP address value " + v;
        }
        if (v.endsWith(".")) {
            return "DNS identifier ends in a period: " + v;
        }
        String name = v;
        if (v.contains("*")) {
            if (!v.startsWith("*.") || v.indexOf('*', 1) >= 0) {
                return "illegal wildcard in " + v + ": only one wildcard, as the whole leftmost label";
            }
            name = v.substring(2);
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "DNS identifier must have at least two labels: " + v;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "DNS identifier has an invalid label \"" + label + "\": " + v;
            }
        }
        return null;
    }

    /** A canonical form for comparing IP identifiers with CSR addresses. */
    static String canonical(Identifier id) {
        if ("ip".equals(id.type())) {
            return "ip:" + IpLiterals.parseAny(id.value()).getHostAddress();
        }
        return "dns:" + id.value();
    }
}
