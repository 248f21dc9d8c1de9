package dev.certpilot;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How certpilot finds out that published TXT records are visible before it asks the CA to validate.
 *
 * <p>By default it asks the zone's <em>authoritative</em> nameservers directly (found through the recursive
 * {@link #resolver()}), first at once, then at growing intervals from {@link #initialInterval()} up to
 * {@link #maxInterval()}, and tells the CA the moment every expected value is visible everywhere. There is no
 * fixed sleep: on a provider that applies changes at once the check passes on the first query; a slow provider
 * gets up to {@link #timeout()}.
 *
 * @param timeout          give up (code {@code DNS_PROPAGATION_TIMEOUT}) after this long; default 10 minutes
 * @param initialInterval  the first wait between checks; default 250 ms
 * @param maxInterval      the longest wait between checks; default 10 s
 * @param queryTimeout     how long one DNS query may take; default 3 s
 * @param resolver         the recursive resolver for SOA, NS, CNAME and address lookups; empty = the system's
 * @param nameservers      if not empty, these servers are asked for every record instead of the zone's
 *                         discovered nameservers (tests, split-horizon setups, servers that refuse NS queries)
 * @param nameserverPort   the port of discovered authoritative nameservers; 53 except in tests
 * @param publicResolvers  recursive resolvers that must also see the records (optional extra check)
 * @param followCnames     follow a CNAME at {@code _acme-challenge.<name>} (acme-dns style delegation); default on
 */
public record PropagationSettings(Duration timeout, Duration initialInterval, Duration maxInterval,
                                  Duration queryTimeout, Optional<InetSocketAddress> resolver,
                                  List<InetSocketAddress> nameservers, int nameserverPort,
                                  List<InetSocketAddress> publicResolvers, boolean followCnames) {

    /** Validates and copies the components. */
    public PropagationSettings {
        requirePositive("timeout", timeout);
        requirePositive("initialInterval", initialInterval);
        requirePositive("maxInterval", maxInterval);
        requirePositive("queryTimeout", queryTimeout);
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "maxInterval must not be below initialInterval");
        }
        Objects.requireNonNull(resolver, "resolver");
        nameservers = List.copyOf(nameservers);
        if (nameserverPort < 1 || nameserverPort > 65_535) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "nameserverPort must be 1 to 65535");
        }
        publicResolvers = List.copyOf(publicResolvers);
    }

    /** The defaults. */
    public static PropagationSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.initialInterval = initialInterval;
        b.maxInterval = maxInterval;
        b.queryTimeout = queryTimeout;
        b.resolver = resolver.orElse(null);
        b.nameservers = nameservers;
        b.nameserverPort = nameserverPort;
        b.publicResolvers = publicResolvers;
        b.followCnames = followCnames;
        return b;
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, name + " must be positive, was " + d);
        }
    }

    /** Builds {@link PropagationSettings}. */
    public static final class Builder {
        private Duration timeout = Duration.ofMinutes(10);
        private Duration initialInterval = Duration.ofMillis(250);
        private Duration maxInterval = Duration.ofSeconds(10);
        private Duration queryTimeout = Duration.ofSeconds(3);
        private InetSocketAddress resolver;
        private List<InetSocketAddress> nameservers = List.of();
        private int nameserverPort = 53;
        private List<InetSocketAddress> publicResolvers = List.of();
        private boolean followCnames = true;

        private Builder() {
        }

        /** Give up after this long. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The first wait between checks, and the longest. */
        public Builder interval(Duration initial, Duration max) {
            this.initialInterval = initial;
            this.maxInterval = max;
            return this;
        }

        /** How long one DNS query may take. */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
            return this;
        }

        /** The recursive resolver for lookups (default: the system's). */
        public Builder resolver(InetSocketAddress resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Ask these servers for every record instead of discovering the authoritative ones. */
        public Builder nameservers(InetSocketAddress... nameservers) {
            this.nameservers = List.of(nameservers);
            return this;
        }

        /** The port of discovered authoritative nameservers (default 53). */
        public Builder nameserverPort(int port) {
            this.nameserverPort = port;
            return this;
        }

        /** Also require visibility at these recursive resolvers. */
        public Builder publicResolvers(InetSocketAddress... resolvers) {
            this.publicResolvers = List.of(resolvers);
            return this;
        }

        /** Follow CNAMEs at {@code _acme-challenge} names (default on). */
        public Builder followCnames(boolean followCnames) {
            this.followCnames = followCnames;
            return this;
        }

        /** The settings. */
        public PropagationSettings build() {
            return new PropagationSettings(timeout, initialInterval, maxInterval, queryTimeout,
                    Optional.ofNullable(resolver), nameservers, nameserverPort, publicResolvers, followCnames);
        }
    }
}
