package dev.certpilot.it;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateListener;
import dev.certpilot.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every event delivered to listeners and lets a test wait (on a monitor, not a sleep) for some to come. */
final class EventRecorder implements CertificateListener {

    private final List<CertificateEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(CertificateEvent event) {
        events.add(event);
        notifyAll();
    }

    /** The events of one certificate and type so far. */
    synchronized List<CertificateEvent> of(String certificateId, EventType type) {
        return events.stream().filter(e -> e.certificateId().equals(certificateId) && e.type() == type).toList();
    }

    /** Every event of a type so far. */
    synchronized List<CertificateEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Waits until the certificate has {@code count} events of the type; returns the {@code count}-th. */
    synchronized CertificateEvent await(String certificateId, EventType type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<CertificateEvent> found = of(certificateId, type);
            if (found.size() >= count) {
                return found.get(count - 1);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("certificate " + certificateId + " got " + found.size() + " " + type
                        + " events, expected " + count + "; its events: " + events.stream()
                        .filter(e -> e.certificateId().equals(certificateId)).map(e -> e.type().code()).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits up to {@code timeout} for the certificate's {@code count}-th event of the type; whether it came. */
    synchronized boolean waitFor(String certificateId, EventType type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(certificateId, type).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until there are {@code count} events of the type over all certificates. */
    synchronized void awaitType(EventType type, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ofType(type).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(ofType(type).size() + " " + type + " events, expected " + count);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
