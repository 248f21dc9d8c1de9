package dev.certpilot.jdbc.engine;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.concurrent.CountDownLatch;

/**
 * A DNS provider whose {@link #present} waits until {@link #open()}: jobs get as far as their ACME order and then
 * hold, so that no renewal can finish while the instances of a race are still calling {@code renew(id)} (a
 * {@code renew} after a finished renewal is, rightly, a second renewal).
 */
final class GatedDns implements DnsChallengeProvider {

    private final DnsChallengeProvider delegate;
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedDns(DnsChallengeProvider delegate) {
        this.delegate = delegate;
    }

    /** Lets every waiting and future {@code present} through. */
    void open() {
        gate.countDown();
    }

    @Override
    public void present(ChallengeRecord record) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gate was closed", e);
        }
        delegate.present(record);
    }

    @Override
    public void cleanup(ChallengeRecord record) {
        delegate.cleanup(record);
    }

    @Override
    public String toString() {
        return "GatedDns[" + delegate + "]";
    }
}
