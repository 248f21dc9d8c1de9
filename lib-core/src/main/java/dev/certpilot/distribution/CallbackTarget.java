package dev.certpilot.distribution;

import dev.certpilot.internal.Checks;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands every delivery to your code, e.g. to push it to a load balancer's API or a secret store. The callback is
 * not called in a dry run (the report says it would be); implement {@link DistributionTarget} yourself for a
 * callback that describes itself in dry runs. An exception from the callback fails the delivery: it is wrapped in a
 * {@link DistributionException} whose message includes the callback's message (keep secrets out of it).
 */
public final class CallbackTarget implements DistributionTarget {

    private final String name;
    private final Consumer<Delivery> callback;

    CallbackTarget(String name, Consumer<Delivery> callback) {
        this.name = Checks.simpleName("target name", name);
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /** The target's name. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Calls the callback (not in a dry run).
     *
     * @throws DistributionException when the callback throws
     */
    @Override
    public DeliveryReport deliver(Delivery delivery) {
        if (delivery.dryRun()) {
            return DeliveryReport.of("would call the callback");
        }
        try {
            callback.accept(delivery);
        } catch (RuntimeException e) {
            throw new DistributionException(name, "the callback failed: " + e, e);
        }
        return DeliveryReport.of("called the callback");
    }

    /** The name only. */
    @Override
    public String toString() {
        return "CallbackTarget[" + name + "]";
    }
}
