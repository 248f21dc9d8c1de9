package dev.certpilot.dns.rfc2136;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.SoaZoneFinder;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * Publishes dns-01 records with RFC 2136 dynamic updates, signed with TSIG.
 *
 * <pre>{@code
 * DnsChallengeProvider bind = Rfc2136DnsProvider.builder()
 *     .nameserver("ns1.example.com", 53)
 *     .tsigKey("acme-update", "hmac-sha256", base64Secret)   // or .tsigFile(Path.of("acme-update.key"))
 *     .build();
 * }</pre>
 *
 * <p>Present sends one update that <em>adds</em> one TXT RR (an RFC 2136 add merges into the RRset); cleanup sends
 * one update that deletes exactly that RR (class NONE), never the RRset, so other values at the name stay. Both are
 * idempotent on the server. The update's zone is the longest configured zone that holds the name; without
 * configured zones it is found by an SOA walk against the same nameserver, and failing that it is the record's zone.
 *
 * <p>Refusals are typed: {@code NOTAUTH} with a TSIG error (wrong key or secret, clock skew) and {@code REFUSED}
 * (the server's update policy) are authentication failures; {@code NOTAUTH}/{@code NOTZONE} without a TSIG error
 * mean the server does not host the zone ({@code ZONE_NOT_FOUND}). Updates go over TCP.
 */
public final class Rfc2136DnsProvider implements DnsChallengeProvider {

    static final String NAME = "rfc2136";

    private final InetSocketAddress nameserver;
    private final TsigKey key;
    private final List<String> zones;
    private final Duration timeout;
    private final Redactor redactor;
    private final ConcurrentHashMap<String, String> zoneCache = new ConcurrentHashMap<>();

    private Rfc2136DnsProvider(Builder b) {
        this.nameserver = b.nameserver;
        this.key = b.key;
        this.zones = List.copyOf(b.zones);
        this.timeout = b.timeout;
        this.redactor = key == null ? Redactor.none() : Redactor.of(key.secret());
    }

    /** A builder; {@link Builder#nameserver} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one TXT RR holding {@code record.value()} at {@code record.fqdn()}. */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zoneOf(record);
        Update update = new Update(absolute(zone));
        update.add(new TXTRecord(absolute(record.fqdn()), DClass.IN, record.ttl(), record.value()));
        send(update, "add", record, zone);
    }

    /** Deletes the one TXT RR holding {@code record.value()} at {@code record.fqdn()}; the others stay. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zoneOf(record);
        Update update = new Update(absolute(zone));
        update.delete(new TXTRecord(absolute(record.fqdn()), DClass.IN, 0, record.value()));
        send(update, "delete", record, zone);
    }

    /** The nameserver, key name and algorithm; never the secret. */
    @Override
    public String toString() {
        return "Rfc2136DnsProvider[nameserver=" + nameserver.getHostString() + ":" + nameserver.getPort()
                + ", tsig=" + (key == null ? "none" : key) + ", zones=" + zones + "]";
    }

    private void send(Update update, String action, ChallengeRecord record, String zone) {
        SimpleResolver resolver = resolver();
        Message response;
        try {
            response = resolver.send(update);
        } catch (IOException e) {
            throw new DnsProviderException(NAME, ErrorCode.DNS_PROVIDER_ERROR, action + " of a TXT value at '"
                    + record.fqdn() + "' got no answer from " + server() + ": "
                    + redactor.redact(String.valueOf(e.getMessage()), 200), 0, false, null);
        }
        int rcode = response.getRcode();
        TSIGRecord tsig = response.getTSIG();
        int tsigError = tsig == null ? 0 : tsig.getError();
        String what = action + " of a TXT value at '" + record.fqdn() + "' in zone '" + zone + "' was refused by "
                + server() + ": " + Rcode.string(rcode) + (tsigError != 0 ? " (TSIG " + Rcode.TSIGstring(tsigError) + ")" : "");
        if (rcode == Rcode.NOERROR) {
            if (key != null && !response.isVerified()) {
                throw new DnsProviderException(NAME, ErrorCode.DNS_PROVIDER_ERROR, action + " at '" + record.fqdn()
                        + "': the answer of " + server() + " is not signed with the TSIG key", 0, true, null);
            }
            return;
        }
        if (tsigError != 0 || rcode == Rcode.REFUSED) {
            throw new DnsProviderException(NAME, ErrorCode.DNS_PROVIDER_ERROR, what
                    + (tsigError != 0 ? "; the server does not accept the TSIG key " + key
                            : "; the server's update policy does not allow it"), 0, true, null);
        }
        if (rcode == Rcode.NOTAUTH || rcode == Rcode.NOTZONE) {
            throw new DnsProviderException(NAME, ErrorCode.ZONE_NOT_FOUND, what
                    + "; the server is not primary for that zone", 0, false, null);
        }
        throw new DnsProviderException(NAME, ErrorCode.DNS_PROVIDER_ERROR, what, 0, false, null);
    }

    private String zoneOf(ChallengeRecord record) {
        if (!zones.isEmpty()) {
            return Zones.longestMatch(record.fqdn(), zones).orElseThrow(() -> new DnsProviderException(NAME,
                    ErrorCode.ZONE_NOT_FOUND, "'" + record.fqdn() + "' is in none of the configured zones " + zones,
                    0, null));
        }
        return zoneCache.computeIfAbsent(record.fqdn(), fqdn -> {
            try {
                Optional<String> found = new SoaZoneFinder(resolver()).zoneOf(fqdn);
                return found.orElse(record.zone());
            } catch (IOException e) {
                return record.zone();
            }
        });
    }

    private SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(nameserver);
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
        if (key != null) {
            resolver.setTSIGKey(key.toTsig());
        }
        return resolver;
    }

    private String server() {
        return nameserver.getHostString() + ":" + nameserver.getPort();
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name + ".");
        } catch (TextParseException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "'" + name + "' is not a valid DNS name");
        }
    }

    /** Builds an {@link Rfc2136DnsProvider}. */
    public static final class Builder {

        private InetSocketAddress nameserver;
        private TsigKey key;
        private final List<String> zones = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The primary nameserver that accepts updates, by host name or IP address and port. */
        public Builder nameserver(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || port < 1 || port > 65_535) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "nameserver must be a host and a port from 1 to 65535");
            }
            this.nameserver = InetSocketAddress.createUnresolved(host.strip(), port);
            return this;
        }

        /**
         * The nameserver as lego writes it: {@code host}, {@code host:port}, {@code [v6]:port}; port 53 by default.
         */
        public Builder nameserver(String hostAndPort) {
            Objects.requireNonNull(hostAndPort, "hostAndPort");
            String s = hostAndPort.strip();
            int port = 53;
            String host = s;
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                host = end > 0 ? s.substring(1, end) : s;
                if (end > 0 && s.length() > end + 2 && s.charAt(end + 1) == ':') {
                    port = parsePort(s.substring(end + 2));
                }
            } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                host = s.substring(0, s.indexOf(':'));
                port = parsePort(s.substring(s.indexOf(':') + 1));
            }
            return nameserver(host, port);
        }

        /** Signs updates with this TSIG key: its name, algorithm (e.g. {@code hmac-sha256}) and base64 secret. */
        public Builder tsigKey(String keyName, String algorithm, String base64Secret) {
            this.key = new TsigKey(keyName, algorithm, Secret.of(base64Secret, "tsigSecret"));
            return this;
        }

        /** Signs updates with the key in a file written by {@code tsig-keygen}. */
        public Builder tsigFile(Path file) {
            this.key = TsigKey.fromFile(file);
            return this;
        }

        /** The zones updates may go to; the longest one holding a name is used (default: found by SOA). */
        public Builder zones(List<String> zoneNames) {
            zones.clear();
            zoneNames.forEach(z -> zones.add(Zones.normalize(z)));
            return this;
        }

        /** How long to wait for the server's answer; default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.positive(timeout, "timeout");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when no nameserver was given
         */
        public Rfc2136DnsProvider build() {
            if (nameserver == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "rfc2136 needs a nameserver");
            }
            InetSocketAddress resolved = new InetSocketAddress(nameserver.getHostString(), nameserver.getPort());
            if (resolved.isUnresolved()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "rfc2136 nameserver '" + nameserver.getHostString() + "' cannot be resolved");
            }
            this.nameserver = resolved;
            return new Rfc2136DnsProvider(this);
        }

        private static int parsePort(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "nameserver port '" + s + "' is not a number");
            }
        }
    }
}
