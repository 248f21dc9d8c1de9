package dev.certpilot.spi;

import java.util.List;

/**
 * What a {@link DistributionTarget} did (or, in a dry run, would do), one short line per action, e.g.
 * {@code wrote /etc/nginx/tls/fullchain.pem (0644)}. Lines go into the certificate's timeline: never put secrets
 * in them.
 *
 * @param actions the actions, in order
 */
public record DeliveryReport(List<String> actions) {

    /** Copies the list. */
    public DeliveryReport {
        actions = List.copyOf(actions);
    }

    /** A report of these actions. */
    public static DeliveryReport of(String... actions) {
        return new DeliveryReport(List.of(actions));
    }
}
