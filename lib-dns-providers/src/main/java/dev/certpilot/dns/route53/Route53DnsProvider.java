package dev.certpilot.dns.route53;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.Conflicts;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.NameLocks;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.dns.internal.TxtValues;
import dev.certpilot.dns.internal.ZoneFinder;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.InSyncCheck;
import dev.certpilot.spi.ZoneLister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes dns-01 records in Amazon Route 53 through its REST API (version 2013-04-01), signing requests with AWS
 * Signature Version 4 computed with the JDK: no AWS SDK is needed.
 *
 * <pre>{@code
 * DnsChallengeProvider route53 = Route53DnsProvider.builder()
 *     .credentials(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))
 *     .build();
 * }</pre>
 *
 * <p>Route 53 keeps all TXT values of a name in one record set, and {@code ChangeResourceRecordSets} with
 * {@code UPSERT} replaces the whole set. So present and cleanup read the set ({@code ListResourceRecordSets}), add
 * or remove their one value and write the set back, holding a lock for the name: two concurrent presents at one name
 * in this JVM never lose a value. Route 53 cannot hold an empty set, so removing the last value sends a
 * {@code DELETE} of the set exactly as it was read. A change Route 53 refuses because the set changed meanwhile
 * ({@code InvalidChangeBatch}, another writer) is read and tried again, up to three times. Writers in other
 * processes can still race with a plain UPSERT: give each name one writer.
 *
 * <p>The hosted zone is found by name ({@code ListHostedZonesByName}), the record's zone first, among public zones
 * (or private ones with {@link Builder#privateZone}), and cached for an hour; or it is given
 * ({@link Builder#hostedZoneId}). Implements {@link InSyncCheck}: a value is in sync when Route 53 reports the change
 * that published it {@code INSYNC} ({@code GetChange}). Implements {@link ZoneLister} ({@code ListHostedZones}).
 *
 * <p>Credentials: a static access key (id and secret), optionally with the session token of temporary credentials.
 * HTTP 400 {@code Throttling} and {@code PriorRequestNotComplete} are retried like HTTP 503.
 */
public final class Route53DnsProvider implements DnsChallengeProvider, ZoneLister, InSyncCheck {

    /** Route 53's endpoint in the standard AWS partition. */
    public static final String DEFAULT_BASE_URL = "https://route53.amazonaws.com";

    static final String NAME = "route53";
    private static final String SERVICE = "route53";
    private static final String INSYNC = "INSYNC";
    private static final int MAX_TRIES = 3;

    private final Route53Api api;
    private final ZoneFinder<Route53Api.HostedZone> zones;
    private final String hostedZoneId;
    private final boolean privateZone;
    private final NameLocks locks = new NameLocks();
    private final Map<String, String> changes = new ConcurrentHashMap<>();
    private final String description;

    private Route53DnsProvider(Builder b, HttpSettings settings) {
        String signingRegion = Partition.of(b.region).signingRegion;
        SigV4Signer signer = new SigV4Signer(b.accessKeyId, b.secretAccessKey, b.sessionToken, signingRegion, SERVICE,
                settings.clock());
        HttpApi http = new HttpApi(NAME, settings, signer, Redactor.of(b.secretAccessKey, b.sessionToken),
                Route53Api.errorMessage(), Route53Api.transientAnswer());
        this.api = new Route53Api(http, b.privateZone);
        this.zones = new ZoneFinder<>(NAME, api::zoneByName, settings.clock(), Duration.ofHours(1));
        this.hostedZoneId = b.hostedZoneId;
        this.privateZone = b.privateZone;
        this.description = "Route53DnsProvider[baseUrl=" + settings.baseUrl() + ", region=" + signingRegion
                + ", accessKeyId=" + b.accessKeyId + (b.sessionToken != null ? " + session token" : "")
                + (b.hostedZoneId != null ? ", hostedZoneId=" + b.hostedZoneId : "")
                + (b.privateZone ? ", private zones" : "") + "]";
    }

    /** A builder; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds {@code record.value()} to the TXT record set at its name (read, add, UPSERT), keeping the others. */
    @Override
    public void present(ChallengeRecord record) {
        String zoneId = zoneId(record);
        String quoted = TxtValues.quote(record.value());
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Route53Api::isInvalidChangeBatch, () -> {
            Optional<Route53Api.TxtSet> set = api.txtSet(zoneId, record.fqdn());
            List<String> values = new ArrayList<>(set.map(Route53Api.TxtSet::values).orElse(List.of()));
            if (values.stream().anyMatch(v -> TxtValues.matches(v, record.value()))) {
                return;
            }
            values.add(quoted);
            String change = api.change(zoneId, "UPSERT", record.fqdn(), record.ttl(), values);
            changes.put(key(record), change);
        }));
    }

    /**
     * Removes {@code record.value()} from the TXT record set at its name: UPSERT of the other values, or DELETE of the
     * set when it was the last one.
     */
    @Override
    public void cleanup(ChallengeRecord record) {
        String zoneId = zoneId(record);
        changes.remove(key(record));
        locks.withLock(record.fqdn(), () -> Conflicts.retry(MAX_TRIES, Route53Api::isInvalidChangeBatch, () -> {
            Optional<Route53Api.TxtSet> set = api.txtSet(zoneId, record.fqdn());
            if (set.isEmpty()) {
                return;
            }
            List<String> others = new ArrayList<>(set.get().values());
            if (!others.removeIf(v -> TxtValues.matches(v, record.value()))) {
                return;
            }
            if (others.isEmpty()) {
                api.change(zoneId, "DELETE", record.fqdn(), set.get().ttl(), set.get().values());
            } else {
                api.change(zoneId, "UPSERT", record.fqdn(), set.get().ttl(), others);
            }
        }));
    }

    /**
     * Whether Route 53 reports the change that published {@code record} as {@code INSYNC} ({@code GetChange}).
     * A value this provider did not change (already there, or presented before a restart) counts as in sync: the
     * authoritative check that follows decides.
     */
    @Override
    public boolean isInSync(ChallengeRecord record) {
        String change = changes.get(key(record));
        if (change == null) {
            return true;
        }
        boolean inSync = INSYNC.equals(api.changeStatus(change));
        if (inSync) {
            changes.remove(key(record), change);
        }
        return inSync;
    }

    /** The hosted zones of the account, public or private as configured. */
    @Override
    public List<String> zones() {
        return api.zones().stream().filter(z -> z.privateZone() == privateZone).map(Route53Api.HostedZone::name)
                .distinct().sorted().toList();
    }

    /** The endpoint, region, access key id and zone settings; never the secret key or session token. */
    @Override
    public String toString() {
        return description;
    }

    private String zoneId(ChallengeRecord record) {
        return hostedZoneId != null ? hostedZoneId : zones.find(record).id();
    }

    private static String key(ChallengeRecord record) {
        return record.fqdn() + " " + record.value();
    }

    /** Where an AWS partition's Route 53 lives and which region signs for it. */
    private enum Partition {
        AWS(DEFAULT_BASE_URL, "us-east-1"),
        CHINA("https://route53.amazonaws.com.cn", "cn-northwest-1"),
        GOV_CLOUD("https://route53.us-gov.amazonaws.com", "us-gov-west-1");

        private final String endpoint;
        private final String signingRegion;

        Partition(String endpoint, String signingRegion) {
            this.endpoint = endpoint;
            this.signingRegion = signingRegion;
        }

        static Partition of(String region) {
            if (region.startsWith("cn-")) {
                return CHINA;
            }
            return region.startsWith("us-gov-") ? GOV_CLOUD : AWS;
        }
    }

    /** Builds a {@link Route53DnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, Route53DnsProvider> {

        private String accessKeyId;
        private Secret secretAccessKey;
        private Secret sessionToken;
        private String region = "us-east-1";
        private String hostedZoneId;
        private boolean privateZone;
        private boolean baseUrlGiven;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /**
         * The static credentials: access key id and secret access key (lego's {@code AWS_ACCESS_KEY_ID} and
         * {@code AWS_SECRET_ACCESS_KEY}), of an IAM identity allowed {@code route53:ListHostedZonesByName},
         * {@code route53:ListResourceRecordSets}, {@code route53:ChangeResourceRecordSets}, {@code route53:GetChange}
         * (and {@code route53:ListHostedZones} for {@link #zones()}).
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || accessKeyId.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "accessKeyId must not be blank");
            }
            this.accessKeyId = accessKeyId.strip();
            this.secretAccessKey = Secret.of(secretAccessKey, "secretAccessKey");
            return this;
        }

        /** The session token of temporary credentials (lego's {@code AWS_SESSION_TOKEN}), sent signed. */
        public Builder sessionToken(String token) {
            this.sessionToken = Secret.of(token, "sessionToken");
            return this;
        }

        /**
         * The AWS region (lego's {@code AWS_REGION}); Route 53 is global, so only the partition matters: a
         * {@code cn-} region uses the China endpoint, a {@code us-gov-} region GovCloud's; default {@code us-east-1}.
         */
        public Builder region(String region) {
            if (region == null || !region.strip().matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "region must look like us-east-1, was '" + region + "'");
            }
            this.region = region.strip().toLowerCase(Locale.ROOT);
            return this;
        }

        /** The hosted zone to write in (lego's {@code AWS_HOSTED_ZONE_ID}), instead of finding it by name. */
        public Builder hostedZoneId(String id) {
            if (id == null || id.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "hostedZoneId must not be blank");
            }
            String trimmed = id.strip();
            this.hostedZoneId = trimmed.startsWith("/hostedzone/") ? trimmed.substring(12) : trimmed;
            return this;
        }

        /** Look zones up among private hosted zones instead of public ones (lego's {@code AWS_PRIVATE_ZONE}). */
        public Builder privateZone(boolean privateZone) {
            this.privateZone = privateZone;
            return this;
        }

        /** The API endpoint; by default the one of the region's partition. */
        @Override
        public Builder baseUrl(String url) {
            baseUrlGiven = true;
            return super.baseUrl(url);
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} when no credentials were given
         */
        @Override
        public Route53DnsProvider build() {
            if (accessKeyId == null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                        "route53 needs an access key id and a secret access key");
            }
            if (!baseUrlGiven) {
                super.baseUrl(Partition.of(region).endpoint);
            }
            return new Route53DnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
