package dev.certpilot.distribution;

import dev.certpilot.internal.Checks;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Runs a command after every delivery, e.g. to copy the files somewhere and reload a server. The command is a list
 * of arguments started directly (no shell: nothing in a certificate can be interpreted as shell syntax); run a shell
 * explicitly ({@code List.of("/bin/sh", "-c", "...")}) if you want one.
 *
 * <p><b>What the command gets.</b> Before it starts, the certificate is written as PEM files into a fresh private
 * temporary directory (mode {@code 0700}, key file {@code 0600}), which is deleted when the command has ended,
 * however it ended: copy what you need. The key travels as a file rather than in an environment variable because
 * environment variables are inherited by every child process and end up in debug dumps ({@code env}, {@code set
 * -x}, crash reports). The command's environment is certpilot's own, plus:
 * <table>
 * <caption>environment</caption>
 * <tr><td>{@code CERTPILOT_TARGET}</td><td>this target's name</td></tr>
 * <tr><td>{@code CERTPILOT_CERTIFICATE_ID}</td><td>the certificate's id</td></tr>
 * <tr><td>{@code CERTPILOT_VERSION}</td><td>1 for the first issuance, +1 per renewal</td></tr>
 * <tr><td>{@code CERTPILOT_NAMES}</td><td>the DNS names, separated by single spaces</td></tr>
 * <tr><td>{@code CERTPILOT_SERIAL}</td><td>the leaf's serial number, lower-case hex</td></tr>
 * <tr><td>{@code CERTPILOT_NOT_AFTER}</td><td>the leaf's expiry, ISO-8601 (UTC)</td></tr>
 * <tr><td>{@code CERTPILOT_DIR}</td><td>the temporary directory holding the files</td></tr>
 * <tr><td>{@code CERTPILOT_CERT_FILE}</td><td>{@code $CERTPILOT_DIR/cert.pem}: the leaf</td></tr>
 * <tr><td>{@code CERTPILOT_CHAIN_FILE}</td><td>{@code $CERTPILOT_DIR/chain.pem}: the intermediates</td></tr>
 * <tr><td>{@code CERTPILOT_FULLCHAIN_FILE}</td><td>{@code $CERTPILOT_DIR/fullchain.pem}: leaf + intermediates</td></tr>
 * <tr><td>{@code CERTPILOT_KEY_FILE}</td><td>{@code $CERTPILOT_DIR/privkey.pem}; unset without a key</td></tr>
 * <tr><td>{@code CERTPILOT_HAS_KEY}</td><td>{@code true} or {@code false} (certificate from the caller's CSR, or
 * {@link Builder#withoutKeyFile()})</td></tr>
 * </table>
 *
 * <p><b>Outcome.</b> Exit code 0 is success: the report records the command, its duration, its exit code and the
 * end of its output. Anything else fails the delivery with an {@link ExecHookException} carrying the exit code; a
 * command still running after the timeout (default 2 minutes) is killed with all its descendants and fails with
 * {@link ExecHookException#timedOut()}. Output (standard output and error together) is cut to its last 1000
 * characters and redacted: private key blocks, the delivered key's lines and the values given to
 * {@link Builder#secretEnvironment} are replaced. A dry run runs nothing and reports what it would run.
 */
public final class ExecHookTarget implements DistributionTarget {

    /** How many characters of output a report or exception shows at most (the end of the output). */
    public static final int SHOWN_OUTPUT = 1000;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final List<String> secretValues;
    private final Path workingDirectory;
    private final Path tempParent;
    private final Duration timeout;
    private final boolean keyFile;

    private ExecHookTarget(Builder b) {
        this.name = b.name;
        this.command = b.command;
        this.environment = Map.copyOf(b.environment);
        this.secretValues = List.copyOf(b.secretValues);
        this.workingDirectory = b.workingDirectory;
        this.tempParent = b.tempParent;
        this.timeout = b.timeout;
        this.keyFile = b.keyFile;
    }

    /** A builder for a target running {@code command} (program first, then its arguments). */
    static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** The target's name. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Runs the command (not in a dry run).
     *
     * @throws ExecHookException when the command cannot start, fails or times out
     * @throws DistributionException when the temporary files cannot be written
     */
    @Override
    public DeliveryReport deliver(Delivery delivery) {
        String shown = commandLine();
        if (delivery.dryRun()) {
            return DeliveryReport.of("would run " + shown + " (timeout " + timeout.toSeconds() + " s) with the "
                    + (withKey(delivery) ? "certificate and key" : "certificate") + " in CERTPILOT_* files");
        }
        Redactor redactor = Redactor.of(secretValues, withKey(delivery) ? delivery.privateKeyPem().orElseThrow() : null);
        Path dir = privateDirectory(shown);
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(environment);
            try {
                pb.environment().putAll(writeFiles(delivery, dir));
            } catch (IOException e) {
                throw new DistributionException(name, "cannot write the files for " + shown + ": " + e, e);
            }
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            return report(shown, HookProcess.run(pb, timeout), redactor);
        } catch (IOException e) {
            throw new ExecHookException(name, shown + " could not be started: " + e.getMessage(), OptionalInt.empty(),
                    false, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecHookException(name, shown + " was interrupted and killed", OptionalInt.empty(), false, "",
                    e);
        } finally {
            deleteTree(dir);
        }
    }

    private Path privateDirectory(String shown) {
        try {
            return Files.createTempDirectory(tempParent, "certpilot-hook-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new DistributionException(name, "cannot create a private directory for " + shown + " in "
                    + tempParent + ": " + e, e);
        }
    }

    private DeliveryReport report(String shown, HookProcess.Outcome outcome, Redactor redactor) {
        String output = tail(redactor.redact(outcome.output()).strip());
        long millis = outcome.took().toMillis();
        if (outcome.timedOut()) {
            throw new ExecHookException(name, shown + " did not finish within " + timeout.toMillis()
                    + " ms and was killed" + suffix(output), OptionalInt.empty(), true, output, null);
        }
        int exit = outcome.exitCode().orElseThrow();
        if (exit != 0) {
            throw new ExecHookException(name, shown + " failed with exit code " + exit + " after " + millis + " ms"
                    + suffix(output), outcome.exitCode(), false, output, null);
        }
        List<String> actions = new ArrayList<>();
        actions.add("ran " + shown + " in " + millis + " ms: exit code 0");
        if (!output.isEmpty()) {
            actions.add("output: " + output);
        }
        return new DeliveryReport(actions);
    }

    private Map<String, String> writeFiles(Delivery d, Path dir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CERTPILOT_TARGET", name);
        env.put("CERTPILOT_CERTIFICATE_ID", d.certificateId());
        env.put("CERTPILOT_VERSION", Integer.toString(d.version()));
        env.put("CERTPILOT_NAMES", String.join(" ", d.names()));
        env.put("CERTPILOT_SERIAL", d.leaf().getSerialNumber().toString(16));
        env.put("CERTPILOT_NOT_AFTER", d.leaf().getNotAfter().toInstant().toString());
        env.put("CERTPILOT_DIR", dir.toString());
        env.put("CERTPILOT_CERT_FILE", write(dir, "cert.pem", d.certificatePem(), "rw-r--r--"));
        env.put("CERTPILOT_CHAIN_FILE", write(dir, "chain.pem", d.chainPem(), "rw-r--r--"));
        env.put("CERTPILOT_FULLCHAIN_FILE", write(dir, "fullchain.pem", d.fullChainPem(), "rw-r--r--"));
        boolean withKey = withKey(d);
        if (withKey) {
            env.put("CERTPILOT_KEY_FILE", write(dir, "privkey.pem", d.privateKeyPem().orElseThrow(), "rw-------"));
        }
        env.put("CERTPILOT_HAS_KEY", Boolean.toString(withKey));
        return env;
    }

    private static String write(Path dir, String file, String content, String mode) throws IOException {
        Path path = Files.createFile(dir.resolve(file),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(path, content, StandardCharsets.US_ASCII);
        return path.toString();
    }

    private boolean withKey(Delivery d) {
        return keyFile && d.privateKey().isPresent();
    }

    private String commandLine() {
        return "'" + Redactor.of(secretValues, null).redact(String.join(" ", command)) + "'";
    }

    private static String tail(String output) {
        return output.length() <= SHOWN_OUTPUT ? output : "..." + output.substring(output.length() - SHOWN_OUTPUT + 3);
    }

    private static String suffix(String output) {
        return output.isEmpty() ? "" : ": " + output;
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the directory is private to this user and named certpilot-hook-*: nothing better to do
        }
    }

    /** Name, command (secret values redacted), timeout and environment variable names; never values. */
    @Override
    public String toString() {
        return "ExecHookTarget[" + name + ", command=" + commandLine() + ", timeout=" + timeout + ", env="
                + environment.keySet() + "]";
    }

    /** Configures an {@link ExecHookTarget}. */
    public static final class Builder {

        private final String name;
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> secretValues = new ArrayList<>();
        private Path workingDirectory;
        private Path tempParent = Path.of(System.getProperty("java.io.tmpdir"));
        private Duration timeout = Duration.ofMinutes(2);
        private boolean keyFile = true;

        private Builder(String name, List<String> command) {
            this.name = Checks.simpleName("target name", name);
            Objects.requireNonNull(command, "command");
            if (command.isEmpty() || command.stream().anyMatch(Objects::isNull) || command.get(0).isBlank()) {
                throw Checks.invalid("an exec hook needs a command: the program, then its arguments");
            }
            this.command = List.copyOf(command);
        }

        /** An extra environment variable for the command. */
        public Builder environment(String variable, String value) {
            environment.put(variableName(variable), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** An environment variable holding a secret: its value is never shown and is redacted from the output. */
        public Builder secretEnvironment(String variable, String value) {
            environment(variable, value);
            secretValues.add(value);
            return this;
        }

        /** The command's working directory; default certpilot's own. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Where the private temporary directories are created; default {@code java.io.tmpdir}. */
        public Builder tempDirectory(Path parent) {
            this.tempParent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /** How long the command may run before it is killed; default 2 minutes. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw Checks.invalid("the exec hook timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Never writes the key file, for commands that only need the certificate. */
        public Builder withoutKeyFile() {
            this.keyFile = false;
            return this;
        }

        /** Builds the target. */
        public ExecHookTarget build() {
            return new ExecHookTarget(this);
        }

        private static String variableName(String variable) {
            if (variable == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw Checks.invalid("environment variable name '" + Checks.abbreviate(variable)
                        + "' must be letters, digits and '_'");
            }
            if (variable.startsWith("CERTPILOT_")) {
                throw Checks.invalid("environment variables starting with CERTPILOT_ are set by the hook itself");
            }
            return variable;
        }
    }
}
