package dev.certpilot.dns.exec;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs your program to publish and remove records, with lego's {@code exec} calling convention
 * (https://go-acme.github.io/lego/dns/exec/):
 * <pre>
 * program present _acme-challenge.example.com. &lt;value&gt;
 * program cleanup _acme-challenge.example.com. &lt;value&gt;
 * </pre>
 * Exit code 0 is success; anything else, or running longer than the timeout (default 2 minutes; the program and
 * its children are then killed), is a {@link DnsProviderException} carrying the exit code and the end of the
 * program's standard error, redacted (secret environment values and credential-looking fields) and cut to 500
 * characters. Standard output is discarded. The program runs with certpilot's environment plus the variables given
 * to the builder.
 *
 * <p>The program must keep several values per name. lego's {@code EXEC_MODE=RAW} (domain, token, key authorization)
 * is not offered: certpilot hands providers the TXT value, not the key authorization. Failures are not retried.
 */
public final class ExecDnsProvider implements DnsChallengeProvider {

    static final String NAME = "exec";
    private static final int MAX_STDERR_READ = 64 * 1024;
    private static final int MAX_STDERR_SHOWN = 500;

    private final Path program;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final Redactor redactor;

    private ExecDnsProvider(Builder b) {
        this.program = b.program;
        this.timeout = b.timeout;
        this.environment = Map.copyOf(b.environment);
        this.redactor = Redactor.ofValues(b.secretValues.values());
    }

    /** A builder; {@link Builder#program} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code program present <fqdn>. <value>}. */
    @Override
    public void present(ChallengeRecord record) {
        run("present", record);
    }

    /** Runs {@code program cleanup <fqdn>. <value>}. */
    @Override
    public void cleanup(ChallengeRecord record) {
        run("cleanup", record);
    }

    /** The program, timeout and variable names; never their values. */
    @Override
    public String toString() {
        return "ExecDnsProvider[program=" + program + ", timeout=" + timeout + ", env=" + environment.keySet() + "]";
    }

    private void run(String action, ChallengeRecord record) {
        List<String> command = List.of(program.toString(), action, record.fqdnWithDot(), record.value());
        String what = "'" + program.getFileName() + " " + action + " " + record.fqdnWithDot() + "'";
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new DnsProviderException(NAME, what + " could not be started: " + e.getMessage(), null);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readBounded(process.getErrorStream()),
                task -> {
                    Thread reader = new Thread(task, "certpilot-exec-stderr");
                    reader.setDaemon(true);
                    reader.start();
                });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new DnsProviderException(NAME, what + " did not finish within " + timeout.toSeconds()
                        + " s and was killed", null);
            }
            int exit = process.exitValue();
            if (exit != 0) {
                String err = stderr.get(5, TimeUnit.SECONDS).strip();
                throw new DnsProviderException(NAME, what + " failed with exit code " + exit
                        + (err.isEmpty() ? "" : ": " + tail(redactor.redact(err))), null);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DnsProviderException(NAME, what + " was interrupted", null);
        } catch (ExecutionException | TimeoutException e) {
            throw new DnsProviderException(NAME, what + " failed and its standard error could not be read", null);
        }
    }

    private static String readBounded(InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(MAX_STDERR_READ);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(head, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        return text.length() <= MAX_STDERR_SHOWN ? text : "..." + text.substring(text.length() - MAX_STDERR_SHOWN + 3);
    }

    /** Builds an {@link ExecDnsProvider}. */
    public static final class Builder {

        private Path program;
        private Duration timeout = Duration.ofMinutes(2);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> secretValues = new LinkedHashMap<>();

        private Builder() {
        }

        /** The program to run (lego's {@code EXEC_PATH}); must be an executable file. */
        public Builder program(Path program) {
            this.program = Objects.requireNonNull(program, "program");
            return this;
        }

        /** How long one call may run before it is killed; default 2 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.positive(timeout, "timeout");
            return this;
        }

        /** An environment variable for the program. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** An environment variable holding a credential: never shown, and removed from the program's error output. */
        public Builder secretEnvironment(String name, String value) {
            Secret secret = Secret.of(value, name);
            environment.put(Objects.requireNonNull(name, "name"), secret.reveal());
            secretValues.put(name, secret.reveal());
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the program is missing or not executable
         */
        public ExecDnsProvider build() {
            if (program == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "exec needs a program");
            }
            if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "exec program '" + program + "' is not an executable file");
            }
            return new ExecDnsProvider(this);
        }
    }
}
