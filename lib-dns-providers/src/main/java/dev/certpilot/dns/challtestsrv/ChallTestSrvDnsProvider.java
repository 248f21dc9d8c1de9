package dev.certpilot.dns.challtestsrv;

import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes dns-01 records in pebble-challtestsrv (or certpilot's test DNS server, which speaks the same management
 * API), for tests against Pebble.
 *
 * <pre>{@code
 * DnsChallengeProvider dns = ChallTestSrvDnsProvider.builder().baseUrl("http://127.0.0.1:8055").build();
 * }</pre>
 *
 * <p>{@code POST /set-txt {"host", "value"}} adds a value; {@code POST /clear-txt {"host"}} removes <em>all</em>
 * values at the name, there is no way to remove one. So cleanup clears the name and sets again every other value
 * this provider instance presented there and has not cleaned up; it never learns of values set by someone else,
 * and those are lost at a cleanup. Writes to one name are serialized. challtestsrv answers SOA queries with NOTIMP:
 * configure its zones explicitly in certpilot.
 */
public final class ChallTestSrvDnsProvider implements DnsChallengeProvider {

    static final String NAME = "challtestsrv";

    private final HttpApi api;
    private final NameLocks locks = new NameLocks();
    private final Map<String, Set<String>> presented = new ConcurrentHashMap<>();
    private final String description;

    private ChallTestSrvDnsProvider(HttpSettings settings) {
        this.api = new HttpApi(NAME, settings, Authenticator.NONE, Redactor.none(), ErrorMessage.BODY_TEXT);
        this.description = "ChallTestSrvDnsProvider[managementUrl=" + settings.baseUrl() + "]";
    }

    /** A builder; {@link Builder#baseUrl} (the management address) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds the value ({@code /set-txt}) and remembers it for cleanups at the same name. */
    @Override
    public void present(ChallengeRecord record) {
        locks.withLock(record.fqdn(), () -> {
            Set<String> values = presented.computeIfAbsent(record.fqdn(), k -> new LinkedHashSet<>());
            if (!values.contains(record.value())) {
                setTxt(record.fqdnWithDot(), record.value());
                values.add(record.value());
            }
        });
    }

    /**
     * Removes the value: clears the name ({@code /clear-txt}) and sets the other remembered values again. A value
     * this instance did not present is left alone.
     */
    @Override
    public void cleanup(ChallengeRecord record) {
        locks.withLock(record.fqdn(), () -> {
            Set<String> values = presented.getOrDefault(record.fqdn(), Set.of());
            if (!values.contains(record.value())) {
                return;
            }
            api.send(ApiRequest.post("/clear-txt", Map.of("host", record.fqdnWithDot())));
            values.remove(record.value());
            for (String other : values) {
                setTxt(record.fqdnWithDot(), other);
            }
            if (values.isEmpty()) {
                presented.remove(record.fqdn());
            }
        });
    }

    /** The management URL. */
    @Override
    public String toString() {
        return description;
    }

    private void setTxt(String host, String value) {
        api.send(ApiRequest.post("/set-txt", Map.of("host", host, "value", value)));
    }

    /** Builds a {@link ChallTestSrvDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, ChallTestSrvDnsProvider> {

        private Builder() {
            super(null);
        }

        /** Builds the provider. */
        @Override
        public ChallTestSrvDnsProvider build() {
            return new ChallTestSrvDnsProvider(httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
