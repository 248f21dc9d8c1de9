package dev.certpilot.testca.it;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Fresh domain names for tests: each call gives a new registered domain under {@code .test} (RFC 2606), so tests
 * never share authorizations or per-domain rate-limit counters by accident.
 */
public final class TestNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestNames() {
    }

    /** A new registered domain such as {@code k3x9q2m7a1.test}. */
    public static String freshDomain() {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            label.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return label.toString().toLowerCase(Locale.ROOT) + ".test";
    }
}
