package dev.certpilot.dns.namecheap;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes dns-01 records in Namecheap's DNS (BasicDNS / PremiumDNS of domains registered there) through the
 * Namecheap XML API.
 *
 * <pre>{@code
 * DnsChallengeProvider namecheap = NamecheapDnsProvider.builder().credentials(apiUser, apiKey)
 *     .clientIp("203.0.113.7").build();
 * }</pre>
 *
 * <p>Namecheap has no call that adds or removes one record: {@code domains.dns.setHosts} replaces <em>all</em> host
 * records of the domain. So present and cleanup read every record ({@code domains.dns.getHosts}), add or remove their
 * one TXT value, and write every record back exactly as read (name, type, address, MX preference, TTL, and the
 * domain's {@code EmailType}), holding a lock for the whole domain: two concurrent presents in this JVM never lose a
 * record. Namecheap offers no version check, so another process editing the domain at the same moment (the web
 * console, another tool) can lose its change or make this one lost: give the domain one writer while certificates are
 * issued.
 *
 * <p>The domain is the zone: certpilot's zone first (split into SLD and TLD at its first dot), then the other ancestors
 * of the record name, cached for an hour. The API only answers calls from an allow-listed IPv4 address, which each
 * call names ({@code ClientIp}); without {@link Builder#clientIp} it is asked once from Namecheap's address service,
 * as lego does.
 */
public final class NamecheapDnsProvider implements DnsChallengeProvider {

    /** Namecheap's production API host (the provider adds {@code /xml.response}). */
    public static final String DEFAULT_BASE_URL = "https://api.namecheap.com";
    /** Namecheap's sandbox API host. */
    public static final String SANDBOX_BASE_URL = "https://api.sandbox.namecheap.com";
    /** The service lego asks for the machine's public address. */
    public static final String DEFAULT_CLIENT_IP_URL = "https://dynamicdns.park-your-domain.com/getip";

    static final String NAME = "namecheap";
    private static final int MIN_TTL = 60;

    private final NamecheapApi api;
    private final ZoneFinder<String> zones;
    private final NameLocks locks = new NameLocks();
    private final String description;

    private NamecheapDnsProvider(Builder b, HttpSettings settings) {
        Redactor redactor = Redactor.of(b.apiKey);
        ClientIp clientIp = new ClientIp(b.clientIp, settings, b.clientIpUrl, redactor);
        this.api = new NamecheapApi(new HttpApi(NAME, settings, Authenticator.NONE, redactor,
                NamecheapApi.errorMessage()), b.apiUser, b.apiKey, clientIp::get);
        this.zones = new ZoneFinder<>(NAME, this::domain, settings.clock(), Duration.ofHours(1));
        this.description = "NamecheapDnsProvider[baseUrl=" + settings.baseUrl() + ", apiUser=" + b.apiUser
                + ", clientIp=" + (b.clientIp != null ? b.clientIp : "detected") + "]";
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds a TXT host record for {@code record.value()}, writing back every other record of the domain as it was. */
    @Override
    public void present(ChallengeRecord record) {
        String domain = zones.find(record);
        String host = hostName(record, domain);
        locks.withLock(domain, () -> {
            NamecheapApi.Hosts current = read(domain);
            boolean exists = current.hosts().stream().anyMatch(h -> isOurs(h, host, record.value()));
            if (!exists) {
                List<NamecheapApi.Host> hosts = new ArrayList<>(current.hosts());
                hosts.add(new NamecheapApi.Host(host, "TXT", record.value(), "10",
                        String.valueOf(Math.max(MIN_TTL, record.ttl()))));
                api.setHosts(sld(domain), tld(domain), new NamecheapApi.Hosts(current.emailType(), hosts));
            }
        });
    }

    /** Removes the TXT host record holding {@code record.value()}, writing back every other record as it was. */
    @Override
    public void cleanup(ChallengeRecord record) {
        String domain = zones.find(record);
        String host = hostName(record, domain);
        locks.withLock(domain, () -> {
            NamecheapApi.Hosts current = read(domain);
            List<NamecheapApi.Host> hosts = new ArrayList<>(current.hosts());
            if (hosts.removeIf(h -> isOurs(h, host, record.value()))) {
                api.setHosts(sld(domain), tld(domain), new NamecheapApi.Hosts(current.emailType(), hosts));
            }
        });
    }

    /** The API host and user; never the key. */
    @Override
    public String toString() {
        return description;
    }

    private NamecheapApi.Hosts read(String domain) {
        return api.getHosts(sld(domain), tld(domain)).orElseThrow(() -> new DnsProviderException(NAME,
                ErrorCode.ZONE_NOT_FOUND, "the domain '" + domain + "' is no longer in this account", 0, null));
    }

    private java.util.Optional<String> domain(String name) {
        if (name.indexOf('.') < 0) {
            return java.util.Optional.empty();
        }
        return api.getHosts(sld(name), tld(name)).map(h -> name);
    }

    private static boolean isOurs(NamecheapApi.Host h, String host, String value) {
        return "TXT".equalsIgnoreCase(h.type()) && h.name().equalsIgnoreCase(host) && h.address().equals(value);
    }

    private static String hostName(ChallengeRecord record, String domain) {
        return Zones.relativeName(record.fqdn(), domain, "@");
    }

    private static String sld(String domain) {
        return domain.substring(0, domain.indexOf('.'));
    }

    private static String tld(String domain) {
        return domain.substring(domain.indexOf('.') + 1);
    }

    /** The client address: given, or asked once from an address service. */
    private static final class ClientIp {
        private final HttpApi service;
        private final String path;
        private volatile String address;

        ClientIp(String given, HttpSettings settings, URI serviceUrl, Redactor redactor) {
            this.address = given;
            URI base = URI.create(serviceUrl.getScheme() + "://" + serviceUrl.getRawAuthority());
            this.service = new HttpApi(NAME, settings.withBaseUrl(base), Authenticator.NONE, redactor,
                    ErrorMessage.BODY_TEXT);
            this.path = serviceUrl.getRawPath() == null || serviceUrl.getRawPath().isEmpty() ? "/"
                    : serviceUrl.getRawPath();
        }

        synchronized String get() {
            if (address == null) {
                String answer = service.send(ApiRequest.get(path)).text().strip();
                if (!answer.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    throw new DnsProviderException(NAME, "the address service answered '"
                            + (answer.length() > 40 ? answer.substring(0, 40) + "..." : answer)
                            + "', not an IPv4 address; give clientIp", null);
                }
                address = answer;
            }
            return address;
        }
    }

    /** Builds a {@link NamecheapDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, NamecheapDnsProvider> {

        private String apiUser;
        private Secret apiKey;
        private String clientIp;
        private URI clientIpUrl = URI.create(DEFAULT_CLIENT_IP_URL);

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** The API user and key (lego's {@code NAMECHEAP_API_USER}, {@code NAMECHEAP_API_KEY}). */
        public Builder credentials(String apiUser, String apiKey) {
            if (apiUser == null || apiUser.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "apiUser must not be blank");
            }
            this.apiUser = apiUser.strip();
            this.apiKey = Secret.of(apiKey, "apiKey");
            return this;
        }

        /** The allow-listed IPv4 address calls are made from; by default asked from {@link #clientIpUrl}. */
        public Builder clientIp(String address) {
            if (address == null || !address.strip().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "clientIp must be an IPv4 address, was '" + address + "'");
            }
            this.clientIp = address.strip();
            return this;
        }

        /** The service that tells this machine's public address (default {@value #DEFAULT_CLIENT_IP_URL}). */
        public Builder clientIpUrl(String url) {
            this.clientIpUrl = Checks.httpUrl(url, "clientIpUrl");
            return this;
        }

        /** Use Namecheap's sandbox (lego's {@code NAMECHEAP_SANDBOX}): {@value #SANDBOX_BASE_URL}. */
        public Builder sandbox(boolean sandbox) {
            return baseUrl(sandbox ? SANDBOX_BASE_URL : DEFAULT_BASE_URL);
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without credentials
         */
        @Override
        public NamecheapDnsProvider build() {
            if (apiUser == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "namecheap needs an API user and key");
            }
            return new NamecheapDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
