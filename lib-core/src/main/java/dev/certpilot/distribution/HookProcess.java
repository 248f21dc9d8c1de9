package dev.certpilot.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs a prepared {@link ProcessBuilder} with a timeout: standard input closed, standard error merged into standard
 * output, of which the last {@value #KEPT_BYTES} bytes are kept. On timeout (or interruption) the process and all
 * its descendants are killed.
 */
final class HookProcess {

    static final int KEPT_BYTES = 16 * 1024;
    private static final long DRAIN_MILLIS = 5_000;

    /**
     * How the process ended.
     *
     * @param exitCode the exit code; empty when it was killed
     * @param timedOut whether it ran past the timeout
     * @param output   the end of its output, not yet redacted
     * @param took     how long it ran
     */
    record Outcome(OptionalInt exitCode, boolean timedOut, String output, Duration took) {
    }

    private HookProcess() {
    }

    /**
     * Starts and waits.
     *
     * @throws IOException          when the process cannot be started
     * @throws InterruptedException when the waiting thread was interrupted (the process was killed)
     */
    static Outcome run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        Tail tail = new Tail(process.getInputStream());
        Thread reader = new Thread(tail, "certpilot-exec-hook-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
            process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        reader.join(DRAIN_MILLIS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(finished ? OptionalInt.of(process.exitValue()) : OptionalInt.empty(), !finished,
                tail.text(), took);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end, keeping the last {@link #KEPT_BYTES}. */
    private static final class Tail implements Runnable {

        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                // the process was killed or closed its output: keep what was read
            }
        }

        private synchronized void append(byte[] buffer, int n) {
            kept.write(buffer, 0, n);
            if (kept.size() > 2 * KEPT_BYTES) {
                byte[] all = kept.toByteArray();
                kept.reset();
                kept.write(all, all.length - KEPT_BYTES, KEPT_BYTES);
            }
        }

        synchronized String text() {
            byte[] all = kept.toByteArray();
            int from = Math.max(0, all.length - KEPT_BYTES);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
