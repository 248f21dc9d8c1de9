package dev.certpilot.testca.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need a program from outside the JVM (Pebble, lego, BIND9, PowerDNS ...): when it is
 * missing the test is skipped, unless the environment variable {@value #REQUIRE_VARIABLE} is {@code 1}; then it
 * fails loudly. {@code bin/test} (and so CI) sets the variable after installing every such program, so CI can never
 * pass by skipping; a developer without the programs still gets a green local run of everything else.
 */
public final class ExternalTools {

    /** The environment variable that turns a missing external program from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "CERTPILOT_REQUIRE_EXTERNAL";

    private ExternalTools() {
    }

    /** Whether missing external programs must fail tests ({@value #REQUIRE_VARIABLE}{@code =1}). */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_VARIABLE));
    }

    /**
     * Continues when {@code available}; otherwise skips the calling test (JUnit assumption) or, when external
     * programs are required, fails it with {@code what} and {@code installHint} in the message.
     *
     * @param what        what is missing, e.g. {@code "Pebble 2.4 (/usr/bin/pebble)"}
     * @param available   whether it is there
     * @param installHint how to get it, e.g. {@code "apt-get install -y pebble"}
     */
    public static void require(String what, boolean available, String installHint) {
        require(what, available, installHint, required());
    }

    /** {@link #require(String, boolean, String)} with the variable's verdict given, for testing the rule. */
    static void require(String what, boolean available, String installHint, boolean mustBePresent) {
        if (available) {
            return;
        }
        String message = what + " is not installed (" + installHint + ")";
        if (mustBePresent) {
            throw new AssertionError(message + " but " + REQUIRE_VARIABLE + "=1 requires it: run bin/test, "
                    + "which installs it");
        }
        Assumptions.abort(message + "; skipped. Set " + REQUIRE_VARIABLE + "=1 to make this a failure");
    }

    /**
     * Finds {@code command} on the {@code PATH} and returns it, applying {@link #require} when it is absent.
     *
     * @param command     the program's name, e.g. {@code "lego"}
     * @param debPackage  the Debian package that ships it, for the message
     */
    public static Path requireCommand(String command, String debPackage) {
        Optional<Path> found = findOnPath(command);
        require("'" + command + "'", found.isPresent(), "apt-get install -y " + debPackage);
        return found.orElseThrow();
    }

    /** The first executable named {@code command} on the {@code PATH}. */
    public static Optional<Path> findOnPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
