package dev.certpilot.testca.internal.pebble;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external program started by a test environment, its standard output and error appended to one log file.
 *
 * <p>{@link #stop()} asks it to end (SIGTERM), waits a bounded time and then kills it. Internal: not part of
 * certpilot's API.
 */
public final class ManagedProcess {

    private static final long STOP_GRACE_MILLIS = 5_000;

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with the given environment additions; variables whose names start with one of
     * {@code clearedPrefixes} are removed from the inherited environment first, so the program's behaviour does
     * not depend on the caller's shell.
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       List<String> clearedPrefixes, Path workDirectory, Path log) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> clearedPrefixes.stream().anyMatch(key::startsWith));
        builder.environment().putAll(environment);
        try {
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** A short name for messages, e.g. {@code "pebble"}. */
    public String name() {
        return name;
    }

    /** Whether the program is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, when the program has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The file the program's output goes to. */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends the program: SIGTERM, a bounded wait, then SIGKILL. Returns once it has ended. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
