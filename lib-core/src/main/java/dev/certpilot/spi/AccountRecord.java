package dev.certpilot.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ACME account as stores keep it: one per (directory URL, account name), its key encrypted.
 *
 * <p>The key is stored <em>before</em> the account is registered, so a crash between registration and storing
 * the account URL loses nothing: the next start finds the account again with {@code onlyReturnExisting}.
 *
 * @param id           {@link #idOf(String, String)} of directory URL and account name
 * @param revision     optimistic-concurrency counter (0 = not stored yet)
 * @param directoryUrl the CA's ACME directory URL
 * @param accountName  the account's name within certpilot (several accounts per CA are possible)
 * @param accountUrl   the account URL (ACME "kid"), once registered
 * @param key          the account key pair's private key, encrypted
 * @param contacts     the contact URIs registered with the account
 * @param createdAt    when the account key was created
 * @param updatedAt    when the record last changed
 */
public record AccountRecord(String id, long revision, String directoryUrl, String accountName,
                            Optional<String> accountUrl, EncryptedKey key, List<String> contacts, Instant createdAt,
                            Instant updatedAt) {

    /** Validates and copies the components. */
    public AccountRecord {
        Objects.requireNonNull(id, "id");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        Objects.requireNonNull(directoryUrl, "directoryUrl");
        Objects.requireNonNull(accountName, "accountName");
        Objects.requireNonNull(accountUrl, "accountUrl");
        Objects.requireNonNull(key, "key");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The id of the account with this name at this CA: {@code <accountName>@<directoryUrl>}. */
    public static String idOf(String directoryUrl, String accountName) {
        return accountName + "@" + directoryUrl;
    }

    /** A copy with another revision. */
    public AccountRecord withRevision(long revision) {
        return new AccountRecord(id, revision, directoryUrl, accountName, accountUrl, key, contacts, createdAt,
                updatedAt);
    }

    /** A copy with the account URL set. */
    public AccountRecord withAccountUrl(String accountUrl, Instant now) {
        return new AccountRecord(id, revision, directoryUrl, accountName, Optional.of(accountUrl), key, contacts,
                createdAt, now);
    }

    /** A copy with another encrypted key (key rollover or KEK rotation). */
    public AccountRecord withKey(EncryptedKey key, Instant now) {
        return new AccountRecord(id, revision, directoryUrl, accountName, accountUrl, key, contacts, createdAt, now);
    }
}
