package dev.certpilot.dns.acmedns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes dns-01 records through a joohoi/acme-dns server (https://github.com/joohoi/acme-dns#api).
 *
 * <pre>{@code
 * DnsChallengeProvider acmeDns = AcmeDnsProvider.builder().baseUrl("https://auth.acme-dns.io")
 *     .storagePath(Path.of("acme-dns-accounts.json")).build();
 * }</pre>
 *
 * <p>Each domain has its own acme-dns account (user, key, subdomain), and {@code _acme-challenge.<domain>} is a
 * CNAME to the account's full domain. The account of a record is the one whose full domain <em>is</em> the record
 * name (certpilot followed the CNAME), else the one registered for the domain under {@code _acme-challenge.}
 * (or for {@code *.domain}). Accounts come from the builder or from the JSON file lego and goacmedns write; with a
 * file, a domain without an account is registered ({@code POST /register}), saved, and the present fails telling
 * which CNAME to create, as lego does.
 *
 * <p>acme-dns keeps the <em>last two</em> values per account and has no delete: present is {@code POST /update},
 * cleanup does nothing, and old values roll out by themselves. That is exactly enough for a certificate with
 * {@code example.com} and {@code *.example.com} (two values at one name); a third concurrent value for the same
 * domain evicts the oldest.
 */
public final class AcmeDnsProvider implements DnsChallengeProvider {

    static final String NAME = "acme-dns";
    private static final String PREFIX = "_acme-challenge.";

    private final HttpApi api;
    private final Map<String, AcmeDnsAccount> accounts = new ConcurrentHashMap<>();
    private final AccountStorage storage;
    private final List<String> allowFrom;
    private final String description;

    private AcmeDnsProvider(Builder b, HttpSettings settings) {
        this.accounts.putAll(b.accounts);
        this.storage = b.storagePath == null ? null : new AccountStorage(b.storagePath);
        this.allowFrom = List.copyOf(b.allowFrom);
        this.api = new HttpApi(NAME, settings, Authenticator.NONE, Redactor.dynamic(this::passwords), ErrorMessage.jsonField("error"));
        this.description = "AcmeDnsProvider[apiBase=" + settings.baseUrl() + ", accounts=" + b.accounts.keySet()
                + (b.storagePath == null ? "" : ", storagePath=" + b.storagePath) + "]";
    }

    /** A builder; {@link Builder#baseUrl} and accounts (given or from a file) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sends the value to the record's account ({@code POST /update}); acme-dns keeps it with the previous one. */
    @Override
    public void present(ChallengeRecord record) {
        AcmeDnsAccount account = accountFor(record);
        api.send(ApiRequest.post("/update", Map.of("subdomain", account.subdomain(), "txt", record.value()))
                .header("X-Api-User", account.username()).header("X-Api-Key", account.password()));
    }

    /** Does nothing: acme-dns cannot delete a value; it keeps the last two and drops older ones itself. */
    @Override
    public void cleanup(ChallengeRecord record) {
        // acme-dns has no delete
    }

    /** The API base, configured domains and account file; never a password. */
    @Override
    public String toString() {
        return description;
    }

    private AcmeDnsAccount accountFor(ChallengeRecord record) {
        Optional<AcmeDnsAccount> found = lookup(record.fqdn());
        if (found.isEmpty() && storage != null) {
            accounts.putAll(storage.load());
            found = lookup(record.fqdn());
        }
        if (found.isPresent()) {
            return found.get();
        }
        String domain = domainOf(record.fqdn());
        if (storage == null) {
            throw new DnsProviderException(NAME, "no acme-dns account for '" + domain + "' (nor one whose full domain is '"
                    + record.fqdn() + "')", null);
        }
        AcmeDnsAccount created = register();
        storage.put(domain, created, api.baseUrl().toString());
        accounts.put(domain, created);
        throw new DnsProviderException(NAME, "registered a new acme-dns account for '" + domain
                + "'; create the CNAME record '" + PREFIX + domain + ". CNAME " + created.fullDomain()
                + ".' and try again", null);
    }

    private Optional<AcmeDnsAccount> lookup(String fqdn) {
        for (AcmeDnsAccount a : accounts.values()) {
            if (a.fullDomain().equals(fqdn)) {
                return Optional.of(a);
            }
        }
        String domain = domainOf(fqdn);
        return Optional.ofNullable(accounts.get(domain)).or(() -> Optional.ofNullable(accounts.get("*." + domain)));
    }

    private AcmeDnsAccount register() {
        Map<String, Object> body = allowFrom.isEmpty() ? Map.of() : Map.of("allowfrom", allowFrom);
        JsonNode r = api.json(ApiRequest.post("/register", body));
        return new AcmeDnsAccount(r.path("username").asText(), r.path("password").asText(),
                r.path("fulldomain").asText(), r.path("subdomain").asText());
    }

    private static String domainOf(String fqdn) {
        return fqdn.startsWith(PREFIX) ? fqdn.substring(PREFIX.length()) : fqdn;
    }

    /** Every account password known now, for redaction. */
    private List<String> passwords() {
        return accounts.values().stream().map(AcmeDnsAccount::password).toList();
    }

    /** Builds an {@link AcmeDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, AcmeDnsProvider> {

        private final Map<String, AcmeDnsAccount> accounts = new LinkedHashMap<>();
        private Path storagePath;
        private final List<String> allowFrom = new ArrayList<>();

        private Builder() {
            super(null);
        }

        /** The account of {@code domain} (the name certificates are for, e.g. {@code example.com}). */
        public Builder account(String domain, AcmeDnsAccount account) {
            Objects.requireNonNull(account, "account");
            accounts.put(Zones.normalize(domain), account);
            return this;
        }

        /**
         * The JSON account file lego and goacmedns use (lego's {@code ACME_DNS_STORAGE_PATH}); domains without an
         * account are registered and saved there.
         */
        public Builder storagePath(Path file) {
            this.storagePath = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Source networks (CIDR) new registrations allow updates from (lego's {@code ACME_DNS_ALLOWLIST}). */
        public Builder allowFrom(List<String> cidrs) {
            allowFrom.clear();
            allowFrom.addAll(cidrs);
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without base URL, or with neither accounts nor a file
         */
        @Override
        public AcmeDnsProvider build() {
            if (accounts.isEmpty() && storagePath == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "acme-dns needs accounts or a storage path to keep them in");
            }
            return new AcmeDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
