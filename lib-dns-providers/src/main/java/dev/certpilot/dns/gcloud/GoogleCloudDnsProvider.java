package dev.certpilot.dns.gcloud;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.AccessTokens;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Checks;
import dev.certpilot.dns.internal.Conflicts;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.InSyncCheck;
import dev.certpilot.spi.ZoneLister;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes dns-01 records in Google Cloud DNS through its REST API v1, authenticated as a service account: the
 * provider signs a JWT with the account's key (RS256, with the JDK) and trades it for an access token at Google's
 * token endpoint (OAuth 2.0 JWT bearer grant), reusing the token until shortly before it expires.
 *
 * <pre>{@code
 * DnsChallengeProvider gcloud = GoogleCloudDnsProvider.builder()
 *     .serviceAccountKey(Files.readString(Path.of("dns-account.json")))
 *     .build();
 * }</pre>
 *
 * <p>Cloud DNS keeps all TXT values of a name in one record set, so present and cleanup read the set
 * ({@code resourceRecordSets.list}), and send one atomic change ({@code changes.create}) that deletes the set exactly
 * as read and adds it back with their value added or removed (or only deletes it when no value is left), holding a
 * lock for the name. If the set changed meanwhile, Cloud DNS refuses the change (HTTP 412 {@code conditionNotMet} or
 * 409 {@code alreadyExists}); the provider then reads again and retries, three times at most, so writers in other
 * processes cannot lose a value either.
 *
 * <p>The managed zone is found by DNS name ({@code managedZones.list?dnsName=}), the record's zone first, public
 * zones only unless {@link Builder#allowPrivateZone}, cached for an hour; or it is given ({@link Builder#zoneId}).
 * Implements {@link InSyncCheck} ({@code changes.get} status {@code done}) and {@link ZoneLister}.
 */
public final class GoogleCloudDnsProvider implements DnsChallengeProvider, ZoneLister, InSyncCheck {

    /** The Cloud DNS API address. */
    public static final String DEFAULT_BASE_URL = "https://dns.googleapis.com/dns/v1";
    /** The OAuth scope requested: read and write Cloud DNS. */
    static final String SCOPE = "https://www.googleapis.com/auth/ndev.clouddns.readwrite";

    static final String NAME = "gcloud";
    private static final int MAX_TRIES = 3;
    private static final String DONE = "done";

    private final GoogleCloudApi api;
    private final ZoneFinder<GoogleCloudApi.ManagedZone> zones;
    private final String zoneId;
    private final boolean allowPrivateZone;
    private final NameLocks locks = new NameLocks();
    private final Map<String, PendingChange> changes = new ConcurrentHashMap<>();
    private final String description;

    private GoogleCloudDnsProvider(Builder b, HttpSettings settings) {
        ServiceAccountKey key = b.key;
        URI tokenUrl = b.tokenUrl != null ? b.tokenUrl : Checks.httpUrl(key.tokenUri(), "token_uri");
        Redactor keyOnly = Redactor.of(key.pem());
        AccessTokens tokens = AccessTokens.at(NAME, settings, tokenUrl, keyOnly, path -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", key.assertion(SCOPE, settings.clock().instant()));
            return ApiRequest.form(path, form);
        });
        Redactor redactor = Redactor.dynamic(() -> {
            List<String> secrets = new ArrayList<>(tokens.current());
            secrets.add(key.pem().reveal());
            return secrets;
        });
        String project = b.project != null ? b.project : key.projectId();
        this.api = new GoogleCloudApi(new HttpApi(NAME, settings, tokens.bearer(), redactor,
                GoogleCloudApi.errorMessage()), project);
        this.zones = new ZoneFinder<>(NAME, this::zoneByName, settings.clock(), Duration.ofHours(1));
        this.zoneId = b.zoneId;
        this.allowPrivateZone = b.allowPrivateZone;
        this.description = "GoogleCloudDnsProvider[baseUrl=" + settings.baseUrl() + ", project=" + project
                + ", serviceAccount=" + key.clientEmail() + (b.zoneId != null ? ", zoneId=" + b.zoneId : "")
                + (b.allowPrivateZone ? ", private zones allowed" : "") + "]";
    }

    /** A builder; {@link Builder#serviceAccountKey} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT set at its name (read, then delete-and-add in one change). */
    @Override
    public void present(ChallengeRecord record) {
        String zone = zoneName(record);
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Conflicts.status(412, 409), () -> {
            Optional<GoogleCloudApi.TxtSet> set = api.txtSet(zone, record.fqdn());
            List<String> rrdatas = new ArrayList<>(set.map(GoogleCloudApi.TxtSet::rrdatas).orElse(List.of()));
            if (rrdatas.stream().anyMatch(d -> TxtValues.matches(d, record.value()))) {
                return;
            }
            rrdatas.add(TxtValues.quote(record.value()));
            GoogleCloudApi.Change change = api.change(zone, record.fqdn(), set, record.ttl(), rrdatas);
            if (!DONE.equals(change.status())) {
                changes.put(key(record), new PendingChange(zone, change.id()));
            }
        }));
    }

    /** Removes {@code record.value()} from the TXT set at its name (read, then delete-and-add or delete). */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zone = zoneName(record);
        changes.remove(key(record));
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Conflicts.status(412, 409), () -> {
            Optional<GoogleCloudApi.TxtSet> set = api.txtSet(zone, record.fqdn());
            if (set.isEmpty()) {
                return;
            }
            List<String> others = new ArrayList<>(set.get().rrdatas());
            if (others.removeIf(d -> TxtValues.matches(d, record.value()))) {
                api.change(zone, record.fqdn(), set, set.get().ttl(), others);
            }
        }));
    }

    /**
     * Whether Cloud DNS reports the change that published {@code record} as {@code done} ({@code changes.get}); a
     * value this provider did not change counts as in sync.
     */
    @Override
    public boolean isInSync(ChallengeRecord record) {
        PendingChange pending = changes.get(key(record));
        if (pending == null) {
            return true;
        }
        boolean done = DONE.equals(api.changeStatus(pending.zone(), pending.id()));
        if (done) {
            changes.remove(key(record), pending);
        }
        return done;
    }

    /** The DNS names of the project's managed zones (public ones, and private ones when allowed). */
    @Override
    public List<String> zones() {
        return api.zones().stream().filter(this::usable).map(GoogleCloudApi.ManagedZone::dnsName).distinct()
                .sorted().toList();
    }

    /** The API address, project and service account; never the key or a token. */
    @Override
    public String toString() {
        return description;
    }

    private Optional<GoogleCloudApi.ManagedZone> zoneByName(String name) {
        return api.zonesByName(name).stream().filter(this::usable).findFirst();
    }

    private boolean usable(GoogleCloudApi.ManagedZone zone) {
        return !"private".equals(zone.visibility()) || allowPrivateZone;
    }

    private String zoneName(ChallengeRecord record) {
        return zoneId != null ? zoneId : zones.find(record).name();
    }

    private static String key(ChallengeRecord record) {
        return record.fqdn() + " " + record.value();
    }

    private record PendingChange(String zone, String id) {
    }

    /** Builds a {@link GoogleCloudDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, GoogleCloudDnsProvider> {

        private ServiceAccountKey key;
        private String project;
        private String zoneId;
        private boolean allowPrivateZone;
        private URI tokenUrl;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * The service account key, the content of the JSON file Google issues (lego's {@code GCE_SERVICE_ACCOUNT});
         * the account needs the DNS Administrator role (or {@code dns.changes.*}, {@code dns.resourceRecordSets.list},
         * {@code dns.managedZones.list}) on the project.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when it is not a service account key with an RSA key
         */
        public Builder serviceAccountKey(String json) {
            if (json == null || json.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "serviceAccount must not be blank");
            }
            this.key = ServiceAccountKey.parse(json);
            return this;
        }

        /**
         * Reads the service account key from a file (lego's {@code GCE_SERVICE_ACCOUNT_FILE}).
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when the file cannot be read or is not such a key
         */
        public Builder serviceAccountFile(Path file) {
            try {
                return serviceAccountKey(Files.readString(file));
            } catch (IOException e) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "cannot read the service account file " + file + ": " + e.getClass().getSimpleName());
            }
        }

        /** The project (lego's {@code GCE_PROJECT}); by default the key's {@code project_id}. */
        public Builder project(String project) {
            this.project = Checks.nonBlank(project, "project");
            return this;
        }

        /** The managed zone's name to write in (lego's {@code GCE_ZONE_ID}), instead of finding it by DNS name. */
        public Builder zoneId(String zoneId) {
            this.zoneId = Checks.nonBlank(zoneId, "zoneId");
            return this;
        }

        /** Also use private zones (lego's {@code GCE_ALLOW_PRIVATE_ZONE}); only a private ACME CA can see them. */
        public Builder allowPrivateZone(boolean allow) {
            this.allowPrivateZone = allow;
            return this;
        }

        /** Where to get access tokens; by default the key's {@code token_uri} (https://oauth2.googleapis.com/token). */
        public Builder tokenUrl(String url) {
            this.tokenUrl = Checks.httpUrl(url, "tokenUrl");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without a key, or without a project in key or settings
         */
        @Override
        public GoogleCloudDnsProvider build() {
            if (key == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "gcloud needs a service account key (serviceAccount or serviceAccountFile)");
            }
            if (project == null && key.projectId().isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "gcloud needs a project: the key has no project_id, give project");
            }
            if (tokenUrl == null) {
                Checks.httpUrl(key.tokenUri(), "the key's token_uri");
            }
            return new GoogleCloudDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
