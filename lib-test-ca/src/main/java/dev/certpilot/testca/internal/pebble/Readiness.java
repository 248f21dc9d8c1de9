package dev.certpilot.testca.internal.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Bounded waits until a freshly started program answers, and the probes used for that. The only place in the
 * launcher that pauses on real time. Internal: not part of certpilot's API.
 */
final class Readiness {

    private static final long PAUSE_MILLIS = 20;
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    /** The program ended while its ports were taken by someone else; start again with new ports. */
    static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    private Readiness() {
    }

    /**
     * Waits until {@code probe} holds, failing at once when {@code process} ends and when {@code deadline} passes;
     * both failures carry the end of the program's log.
     */
    static void await(ManagedProcess process, Instant deadline, BooleanSupplier probe) {
        while (true) {
            if (!process.isAlive()) {
                String tail = process.logTail(20);
                String message = process.name() + " exited with code " + process.exitValue() + " while starting:"
                        + System.lineSeparator() + tail;
                if (tail.contains("address already in use")) {
                    throw new PortTaken(message);
                }
                throw new IllegalStateException(message);
            }
            if (probe.getAsBoolean()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not answer in time; log " + process.log() + ":"
                        + System.lineSeparator() + process.logTail(20));
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
            }
        }
    }

    /** Whether a DNS server answers a UDP query at {@code address}, whatever it answers. */
    static boolean dnsAnswers(InetSocketAddress address) {
        try {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(PROBE_TIMEOUT);
            Name name = Name.fromString("readiness-probe.certpilot.invalid.");
            resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether an HTTP(S) server answers {@code GET url} with {@code status} (any status when negative). */
    static boolean httpAnswers(ManagementHttp http, URI url, int status) {
        try {
            int answered = http.get(url).statusCode();
            return status < 0 || answered == status;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
