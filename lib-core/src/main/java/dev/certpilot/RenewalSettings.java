package dev.certpilot;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * When and how certificates with auto-renew are renewed. See {@code docs/lifecycle.md} for the whole story.
 *
 * <p>Every issued certificate gets a renewal time inside a window. When the CA offers ACME Renewal Information
 * (RFC 9773) and {@link #ari()} is on, the window is the CA's suggested window, asked again every
 * {@link #ariPollInterval()} (or when the CA's {@code Retry-After} says); otherwise, or when the CA's ARI endpoint
 * fails, it is the configured window: it <em>ends</em> when {@link #remainingShare()} of the lifetime remains and
 * starts {@link #windowShare()} of the lifetime earlier (defaults: a third and a thirtieth, i.e. between 33 and 30
 * days before expiry for a 90-day certificate, between 2.2 and 2 days for a 6-day one). The time is picked at
 * random inside the window, so that many certificates issued together are not renewed together.
 *
 * <p>A failed renewal is retried after {@link #backoffInitial()}, doubling per consecutive failure up to
 * {@link #backoffMax()}, but never later than halfway to expiry (so retries come faster as expiry nears), and never
 * before the CA's {@code Retry-After} of a rate limit.
 *
 * @param checkInterval   how often the scheduler looks for due work (default 1 minute)
 * @param remainingShare  the window ends when this share of the lifetime remains, 0 to 1 exclusive (default 1/3)
 * @param windowShare     the window's length as a share of the lifetime, 0 (no jitter) to {@code remainingShare}
 *                        (default 1/30)
 * @param ari             use the CA's renewal information when it offers it (default on)
 * @param ariPollInterval how often to ask the CA again when it sends no {@code Retry-After} (default 6 hours); a
 *                        {@code Retry-After} is honoured between 1 minute and 1 day
 * @param backoffInitial  the wait after the first failed attempt (default 5 minutes)
 * @param backoffMax      the longest wait between attempts (default 6 hours)
 * @param seed            seeds the random renewal times, for reproducible tests (default: unseeded)
 */
public record RenewalSettings(Duration checkInterval, double remainingShare, double windowShare, boolean ari,
                              Duration ariPollInterval, Duration backoffInitial, Duration backoffMax,
                              OptionalLong seed) {

    /**
     * Validates the components.
     *
     * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} naming the bad value
     */
    public RenewalSettings {
        positive("checkInterval", checkInterval);
        positive("ariPollInterval", ariPollInterval);
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (!(remainingShare > 0 && remainingShare < 1)) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "remainingShare must be between 0 and 1"
                    + " (exclusive), was " + remainingShare);
        }
        if (!(windowShare >= 0 && windowShare <= remainingShare)) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "windowShare must be between 0 and"
                    + " remainingShare (" + remainingShare + "), was " + windowShare);
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "backoffMax must not be below backoffInitial");
        }
        Objects.requireNonNull(seed, "seed");
    }

    /** The defaults. */
    public static RenewalSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, name + " must be positive, was " + d);
        }
    }

    /** Builds {@link RenewalSettings}. */
    public static final class Builder {
        private Duration checkInterval = Duration.ofMinutes(1);
        private double remainingShare = 1.0 / 3;
        private double windowShare = 1.0 / 30;
        private boolean ari = true;
        private Duration ariPollInterval = Duration.ofHours(6);
        private Duration backoffInitial = Duration.ofMinutes(5);
        private Duration backoffMax = Duration.ofHours(6);
        private Long seed;

        private Builder() {
        }

        /** How often the scheduler looks for due work. */
        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
            return this;
        }

        /**
         * The configured window: it ends when {@code remainingShare} of the lifetime remains and is
         * {@code windowShare} of the lifetime long.
         */
        public Builder window(double remainingShare, double windowShare) {
            this.remainingShare = remainingShare;
            this.windowShare = windowShare;
            return this;
        }

        /** Whether to follow the CA's renewal information (ARI) where offered. */
        public Builder ari(boolean ari) {
            this.ari = ari;
            return this;
        }

        /** How often to ask the CA for renewal information when it does not say. */
        public Builder ariPollInterval(Duration interval) {
            this.ariPollInterval = interval;
            return this;
        }

        /** The first wait after a failed attempt, and the longest. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** Seeds the random choice of renewal times. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The settings. */
        public RenewalSettings build() {
            return new RenewalSettings(checkInterval, remainingShare, windowShare, ari, ariPollInterval,
                    backoffInitial, backoffMax, seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
        }
    }
}
