package dev.certpilot.dns.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that leaves a provider: exception messages, log lines, a service's error body, a
 * hook's standard error. It replaces every known secret (as given, URL-encoded and base64-encoded) and the values of
 * credential-looking fields ({@code Authorization: ...}, {@code "password": "..."}, {@code api_key=...},
 * {@code Bearer ...}), whatever their value.
 */
public final class Redactor {

    /** What replaces a credential. */
    public static final String MASK = "[redacted]";

    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)[A-Za-z0-9._~+/=-]{4,}");
    private static final Pattern CREDENTIAL_FIELD = Pattern.compile(
            "(?i)([\"']?[a-z0-9_-]*(?:authorization|api[_-]?key|apikey|api[_-]?token|auth[_-]?key|auth[_-]?token"
                    + "|access[_-]?token|secret|password|passwd|private[_-]?key)[\"']?)(\\s*[:=]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s,&;}\"']+)");

    private static final Redactor NONE = new Redactor(List::of);

    private final Supplier<List<String>> secrets;

    private Redactor(Supplier<List<String>> secrets) {
        this.secrets = secrets;
    }

    /** A redactor that masks only credential-looking fields. */
    public static Redactor none() {
        return NONE;
    }

    /** A redactor for the given secrets (nulls are ignored) and credential-looking fields. */
    public static Redactor of(Secret... secrets) {
        List<String> raw = new ArrayList<>();
        for (Secret s : secrets) {
            if (s != null) {
                raw.add(s.reveal());
            }
        }
        return ofValues(raw);
    }

    /** A redactor for the given secret values and credential-looking fields. */
    public static Redactor ofValues(Collection<String> values) {
        List<String> forms = forms(values);
        return new Redactor(() -> forms);
    }

    /**
     * A redactor whose secrets are asked for each time it redacts, for providers that learn credentials while
     * running (acme-dns registers accounts).
     */
    public static Redactor dynamic(Supplier<? extends Collection<String>> values) {
        Objects.requireNonNull(values, "values");
        return new Redactor(() -> forms(values.get()));
    }

    private static List<String> forms(Collection<String> values) {
        Set<String> forms = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isEmpty()) {
                continue;
            }
            forms.add(v);
            forms.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
            forms.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }

    /** The text with every credential replaced by {@value #MASK}; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets.get()) {
            out = out.replace(s, MASK);
        }
        out = AUTH_SCHEME.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        out = CREDENTIAL_FIELD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        return out;
    }

    /** The text redacted, then cut to {@code max} characters with an ellipsis. */
    public String redact(String text, int max) {
        return truncate(redact(text), max);
    }

    /** The text cut to {@code max} characters, ending in {@code ...} when cut. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - 3)) + "...";
    }
}
