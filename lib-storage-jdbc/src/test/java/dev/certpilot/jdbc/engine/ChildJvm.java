package dev.certpilot.jdbc.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM running a {@code main} class from this module's test classpath, started with {@code java.home}'s
 * {@code java}. Its standard output is read line by line (the protocol between test and child), its standard error
 * (the child's log) goes to a file under {@code target/child-logs}, quoted in failures. {@link #kill()} is
 * {@link Process#destroyForcibly()}: SIGKILL on Linux, no shutdown hook, no finally block, no flush.
 */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Writer stdin;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "child-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args} in a new JVM on this JVM's classpath. */
    static ChildJvm start(String name, Class<?> main, List<String> args) {
        Path logs = Path.of("target", "child-logs").toAbsolutePath();
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short-lived child: C1 only and the serial collector start fastest on two shared cores
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx512m");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        try {
            Files.createDirectories(logs);
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new ChildJvm(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("starting child JVM " + name + " failed", e);
        }
    }

    /** The child's process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Waits for the next output line matching {@code filter} (lines before it are kept for failure messages) and
     * returns it.
     *
     * @throws AssertionError when the child exits or {@code timeout} passes first, quoting its output and log
     */
    String awaitLine(Predicate<String> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw failure("no matching line within " + timeout);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw failure("the child ended its output (exit " + exitCodeSoon() + ") before a matching line");
            }
            seen.add(line);
            if (filter.test(line)) {
                return line;
            }
        }
    }

    /** Sends one line to the child's standard input. */
    void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to child " + name + " failed", e);
        }
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /**
     * Waits for the child to exit on its own and returns its exit code.
     *
     * @throws AssertionError when it is still running after {@code timeout} (it is killed then)
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            AssertionError e = failure("still running after " + timeout);
            kill();
            throw e;
        }
        return process.exitValue();
    }

    /** An assertion error naming the child, quoting its output so far and the end of its log. */
    AssertionError failure(String what) {
        return new AssertionError("child " + name + " (pid " + process.pid() + "): " + what + "\n--- output:\n"
                + String.join("\n", seen) + "\n--- end of " + log + ":\n" + logTail());
    }

    /** Kills the child if it still runs (a test that failed half-way leaves no process behind). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String exitCodeSoon() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process was killed: its output simply ends
        } finally {
            lines.add(EOF);
        }
    }
}
