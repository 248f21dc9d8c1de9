package dev.certpilot.dns.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that need a real program (named, pdns_server, pebble-challtestsrv): when it is missing the test
 * is skipped, unless the environment variable {@value #REQUIRE_ENV} is {@code 1} (as in CI), then it fails loudly
 * naming the Debian package to install.
 */
public final class ExternalTools {

    /** Set to {@code 1} to turn a missing program into a failure instead of a skip. */
    public static final String REQUIRE_ENV = "CERTPILOT_REQUIRE_EXTERNAL";

    private ExternalTools() {
    }

    /**
     * The program's path, searched on {@code PATH} and in {@code /usr/sbin}, {@code /usr/bin}.
     *
     * @param program       the executable's name, e.g. {@code named}
     * @param debianPackage the package that provides it, for the message
     */
    public static Path require(String program, String debianPackage) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/usr/bin"));
        for (Path d : dirs) {
            Path candidate = d.resolve(program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = program + " is not installed (Debian package '" + debianPackage + "')";
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            fail(message + " and " + REQUIRE_ENV + "=1 requires it");
        }
        Assumptions.abort(message + "; skipped (set " + REQUIRE_ENV + "=1 to fail instead)");
        throw new AssertionError("unreachable");
    }
}
