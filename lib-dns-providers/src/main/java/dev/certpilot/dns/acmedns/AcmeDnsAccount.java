package dev.certpilot.dns.acmedns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Zones;

/**
 * The credentials acme-dns's {@code /register} hands out for one domain. {@code _acme-challenge.<domain>} must be a
 * CNAME to {@link #fullDomain()}.
 *
 * @param username   sent as {@code X-Api-User}
 * @param password   sent as {@code X-Api-Key}; never in {@link #toString()}
 * @param fullDomain the name acme-dns serves the TXT values at, e.g. {@code d420c923-....auth.acme-dns.io}
 * @param subdomain  the first label of {@code fullDomain}, sent in {@code /update}
 */
public record AcmeDnsAccount(String username, String password, String fullDomain, String subdomain) {

    /** Validates the components and normalizes {@code fullDomain}. */
    public AcmeDnsAccount {
        requireText(username, "username");
        requireText(password, "password");
        requireText(fullDomain, "fulldomain");
        requireText(subdomain, "subdomain");
        fullDomain = Zones.normalize(fullDomain);
    }

    /** The user, full domain and subdomain; never the password. */
    @Override
    public String toString() {
        return "AcmeDnsAccount[username=" + username + ", fullDomain=" + fullDomain + ", subdomain=" + subdomain + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "acme-dns account " + name + " must not be blank");
        }
    }
}
