package dev.certpilot.it;

import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A distribution target for tests: remembers every delivery, can fail the next ones, and can wait at a barrier
 * shared with other targets (which only passes if they are called in parallel).
 */
final class RecordingTarget implements DistributionTarget {

    private final String name;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile CyclicBarrier barrier;

    RecordingTarget(String name) {
        this.name = name;
    }

    /** The next {@code n} deliveries throw. */
    RecordingTarget failNext(int n) {
        failures.set(n);
        return this;
    }

    /** Every delivery waits (up to 10 s) until the other parties of {@code barrier} arrive too. */
    RecordingTarget meetAt(CyclicBarrier barrier) {
        this.barrier = barrier;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryReport deliver(Delivery delivery) {
        deliveries.add(delivery);
        CyclicBarrier b = barrier;
        if (b != null) {
            try {
                b.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other targets were not called in parallel", e);
            }
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("disk full on " + name);
        }
        String file = "/srv/" + name + "/" + delivery.certificateId() + "-v" + delivery.version() + ".pem";
        return delivery.dryRun() ? DeliveryReport.of("would write " + file, "would write key: "
                + delivery.privateKey().isPresent())
                : DeliveryReport.of("wrote " + file, "wrote key: " + delivery.privateKey().isPresent());
    }

    @Override
    public String toString() {
        return "RecordingTarget[" + name + "]";
    }
}
