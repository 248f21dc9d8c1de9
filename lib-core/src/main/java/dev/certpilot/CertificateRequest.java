package dev.certpilot;

import dev.certpilot.internal.Checks;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.internal.crypto.ParsedCsr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a caller asks certpilot for. Immutable and validated at construction: names are converted to A-labels,
 * lower-cased, stripped of a trailing dot and de-duplicated (first occurrence wins, and the first name becomes the
 * subject's common name); every problem is reported as a {@link CertpilotException} with code
 * {@link ErrorCode#INVALID_REQUEST} naming the offending value.
 *
 * <pre>{@code
 * CertificateRequest req = CertificateRequest.forDomains("example.com", "*.example.com")
 *         .keyType(KeyType.EC_P384)
 *         .label("team", "payments")
 *         .build();
 * }</pre>
 *
 * @param names       1 to {@value #MAX_NAMES} DNS names, normalized, wildcards only as {@code *.} prefix
 * @param keyType     the key type to generate ({@link KeyType#EC_P256} by default); for a CSR, the CSR's key type
 * @param csrPem      the caller's own CSR (PEM); then certpilot generates and stores no key
 * @param autoRenew   renew automatically before expiry (default {@code true})
 * @param reuseKey    keep the same key on renewal instead of generating a new one (default {@code false})
 * @param issuer      the issuer to use, by name; empty means the configured issuers in fallback order
 * @param profile     the ACME profile to ask for (e.g. {@code tlsserver}, {@code shortlived})
 * @param labels      free key/value labels for the caller's own bookkeeping and filtering
 * @param tenant      the tenant the certificate belongs to (used by policies and quotas)
 * @param requestedBy who asks (used by policies and approvals)
 * @param targets     names of distribution targets to deliver the certificate to
 */
public record CertificateRequest(List<String> names, KeyType keyType, Optional<String> csrPem, boolean autoRenew,
                                 boolean reuseKey, Optional<String> issuer, Optional<String> profile,
                                 Map<String, String> labels, Optional<String> tenant, Optional<String> requestedBy,
                                 List<String> targets) {

    /** The most names one certificate may have (Let's Encrypt's limit). */
    public static final int MAX_NAMES = 100;
    /** The most labels a request may carry. */
    public static final int MAX_LABELS = 64;
    /** The longest label value. */
    public static final int MAX_LABEL_VALUE = 256;
    /** The longest tenant or requester string. */
    public static final int MAX_PRINCIPAL = 256;
    /** The most distribution targets. */
    public static final int MAX_TARGETS = 32;

    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,62})");

    /** Validates, normalizes and copies the components. */
    public CertificateRequest {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(csrPem, "csrPem");
        Set<String> normalized = new LinkedHashSet<>();
        for (String n : names) {
            normalized.add(DomainNames.certificateName(n));
        }
        if (csrPem.isPresent()) {
            ParsedCsr csr = ParsedCsr.parse(csrPem.get());
            if (normalized.isEmpty()) {
                normalized.addAll(csr.names());
            } else if (!normalized.equals(new LinkedHashSet<>(csr.names()))) {
                throw Checks.invalid("the CSR names " + csr.names() + ", the request names " + List.copyOf(normalized)
                        + "; they must be the same");
            }
            if (reuseKey) {
                throw Checks.invalid("reuseKey does not apply to a certificate from a CSR: the caller holds the key");
            }
            keyType = csr.keyType();
        }
        if (normalized.isEmpty()) {
            throw Checks.invalid("a certificate needs at least one name");
        }
        if (normalized.size() > MAX_NAMES) {
            throw Checks.invalid("a certificate may have at most " + MAX_NAMES + " names, the request has "
                    + normalized.size());
        }
        names = List.copyOf(normalized);
        issuer = Objects.requireNonNull(issuer, "issuer").map(v -> Checks.simpleName("issuer", v));
        profile = Objects.requireNonNull(profile, "profile").map(v -> Checks.simpleName("profile", v));
        Objects.requireNonNull(labels, "labels");
        if (labels.size() > MAX_LABELS) {
            throw Checks.invalid("at most " + MAX_LABELS + " labels are allowed, the request has " + labels.size());
        }
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                throw Checks.invalid("label key '" + Checks.abbreviate(k) + "' must be 1 to 64 letters, digits, "
                        + "'.', '_', '/' or '-', starting with a letter or digit");
            }
            if (v == null || v.length() > MAX_LABEL_VALUE || v.chars().anyMatch(Character::isISOControl)) {
                throw Checks.invalid("label '" + k + "' must have a value of at most " + MAX_LABEL_VALUE
                        + " characters without control characters");
            }
            copy.put(k, v);
        });
        labels = Collections.unmodifiableMap(copy);
        tenant = Objects.requireNonNull(tenant, "tenant").map(v -> Checks.text("tenant", v, MAX_PRINCIPAL));
        requestedBy = Objects.requireNonNull(requestedBy, "requestedBy")
                .map(v -> Checks.text("requestedBy", v, MAX_PRINCIPAL));
        Objects.requireNonNull(targets, "targets");
        if (targets.size() > MAX_TARGETS) {
            throw Checks.invalid("at most " + MAX_TARGETS + " distribution targets are allowed");
        }
        targets = List.copyOf(new LinkedHashSet<>(targets.stream().map(t -> Checks.simpleName("target", t)).toList()));
    }

    /**
     * A request for these names; the first becomes the subject's common name.
     *
     * @param names DNS names, IDNs and wildcards ({@code *.example.com}) allowed
     */
    public static Builder forDomains(String... names) {
        return new Builder(List.of(names));
    }

    /** A request for these names. */
    public static Builder forDomains(List<String> names) {
        return new Builder(names);
    }

    /** A request for the names in the caller's CSR; certpilot will store and distribute no private key. */
    public static Builder forCsr(String csrPem) {
        return new Builder(List.of()).csr(csrPem);
    }

    /** Whether the caller holds the private key (the request carries a CSR). */
    public boolean hasCsr() {
        return csrPem.isPresent();
    }

    /** Whether any name is a wildcard. */
    public boolean hasWildcard() {
        return names.stream().anyMatch(n -> n.startsWith("*."));
    }

    /** Builds a {@link CertificateRequest}. */
    public static final class Builder {
        private final List<String> names;
        private KeyType keyType = KeyType.EC_P256;
        private boolean keyTypeSet;
        private String csrPem;
        private boolean autoRenew = true;
        private boolean reuseKey;
        private String issuer;
        private String profile;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String tenant;
        private String requestedBy;
        private final List<String> targets = new ArrayList<>();

        private Builder(List<String> names) {
            Objects.requireNonNull(names, "names");
            this.names = new ArrayList<>(names);
        }

        /** The key type to generate (default EC P-256). With a CSR it must match the CSR's key, if set. */
        public Builder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            this.keyTypeSet = true;
            return this;
        }

        /** Uses the caller's CSR (PEM); its names must equal the request's names when both are given. */
        public Builder csr(String csrPem) {
            this.csrPem = Objects.requireNonNull(csrPem, "csrPem");
            return this;
        }

        /** Renew automatically (default {@code true}). */
        public Builder autoRenew(boolean autoRenew) {
            this.autoRenew = autoRenew;
            return this;
        }

        /** Keep the key on renewal (default {@code false}: a new key every time). */
        public Builder reuseKey(boolean reuseKey) {
            this.reuseKey = reuseKey;
            return this;
        }

        /** Use this issuer (by name) only. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Ask the CA for this ACME profile. */
        public Builder profile(String profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Adds a label. */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** Adds labels. */
        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        /** The tenant the certificate belongs to. */
        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            return this;
        }

        /** Who asks for the certificate. */
        public Builder requestedBy(String requestedBy) {
            this.requestedBy = Objects.requireNonNull(requestedBy, "requestedBy");
            return this;
        }

        /** Deliver the certificate to these distribution targets (by name). */
        public Builder distributeTo(String... targets) {
            this.targets.addAll(List.of(targets));
            return this;
        }

        /**
         * The request.
         *
         * @throws CertpilotException {@link ErrorCode#INVALID_REQUEST} naming what is wrong
         */
        public CertificateRequest build() {
            CertificateRequest r = new CertificateRequest(names, keyType, Optional.ofNullable(csrPem), autoRenew,
                    reuseKey, Optional.ofNullable(issuer), Optional.ofNullable(profile), labels,
                    Optional.ofNullable(tenant), Optional.ofNullable(requestedBy), targets);
            if (csrPem != null && keyTypeSet && r.keyType() != keyType) {
                throw Checks.invalid("keyType " + keyType + " was asked for, but the CSR's key is " + r.keyType());
            }
            return r;
        }
    }
}
