package dev.certpilot.distribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text a hook printed: PEM private key blocks (also cut-off ones), every line of the delivered
 * key's PEM body (in case a script printed it without its header) and the values of secret environment variables.
 */
final class Redactor {

    private static final Pattern PRIVATE_KEY_BLOCK = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    private static final String REDACTED = "[redacted]";
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        List<String> sorted = new ArrayList<>(secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH).toList());
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    /** A redactor of these secret values and of the lines of {@code keyPem} (may be {@code null}). */
    static Redactor of(List<String> secretValues, String keyPem) {
        List<String> all = new ArrayList<>(secretValues);
        if (keyPem != null) {
            keyPem.lines().filter(l -> !l.startsWith("-----")).map(String::strip).forEach(all::add);
        }
        return new Redactor(all);
    }

    /** The text with every secret replaced by {@code [redacted]}. */
    String redact(String text) {
        String out = PRIVATE_KEY_BLOCK.matcher(text).replaceAll("[private key redacted]");
        for (String s : secrets) {
            out = out.replace(s, REDACTED);
        }
        return out;
    }
}
