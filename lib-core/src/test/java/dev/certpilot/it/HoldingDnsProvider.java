package dev.certpilot.it;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.TestDnsControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes into a test DNS server, except while {@link #hold} is set: then records are accepted but never become
 * visible, so a job waits for propagation until the test is done with it. Remembers every call.
 */
final class HoldingDnsProvider implements DnsChallengeProvider {

    private final TestDnsControl dns;
    final List<String> presented = new CopyOnWriteArrayList<>();
    final List<String> cleaned = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    HoldingDnsProvider(TestDnsControl dns) {
        this.dns = dns;
    }

    @Override
    public void present(ChallengeRecord record) {
        presented.add(record.fqdn() + " " + record.value());
        if (!hold) {
            dns.addTxt(record.fqdn(), record.value());
        }
    }

    @Override
    public void cleanup(ChallengeRecord record) {
        dns.removeTxt(record.fqdn(), record.value());
        synchronized (this) {
            cleaned.add(record.fqdn() + " " + record.value());
            notifyAll();
        }
    }

    /** Waits (on a monitor) until {@code count} records were cleaned up. */
    synchronized void awaitCleaned(int count, java.time.Duration timeout) throws InterruptedException {
        if (!cleanedWithin(count, timeout)) {
            throw new AssertionError(cleaned.size() + " records cleaned up, expected " + count);
        }
    }

    /** Waits (on a monitor) at most {@code timeout} until {@code count} records were cleaned up; whether they were. */
    synchronized boolean cleanedWithin(int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cleaned.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public String toString() {
        return "HoldingDnsProvider";
    }
}
