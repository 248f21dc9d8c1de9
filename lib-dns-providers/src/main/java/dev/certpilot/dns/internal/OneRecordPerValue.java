package dev.certpilot.dns.internal;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Present and cleanup for services that keep one DNS record per TXT value (Cloudflare, DigitalOcean, Hetzner, Linode,
 * Porkbun, DNSimple, Vultr ...): several values at one name are several records, each with its own id.
 *
 * <p>Present lists the TXT records at the name and creates the record of its value unless one already holds it (a
 * retried or repeated present creates nothing twice); cleanup deletes every record holding its value and no other.
 * Two concurrent presents of different values create two records, so no lock is needed.
 */
public final class OneRecordPerValue {

    private OneRecordPerValue() {
    }

    /**
     * A TXT record as a service lists it.
     *
     * @param id      the service's id of the record, as it appears in the delete request
     * @param content the record's content, quoted or not
     */
    public record TxtRecord(String id, String content) {

        /** Validates the components. */
        public TxtRecord {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * Creates the record of {@code value} unless one of the listed records already holds it.
     *
     * @param value  the TXT value to publish
     * @param list   lists the TXT records at the name (every page)
     * @param create creates one record holding {@code value}
     */
    public static void present(String value, Supplier<List<TxtRecord>> list, Runnable create) {
        if (list.get().stream().noneMatch(r -> TxtValues.matches(r.content(), value))) {
            create.run();
        }
    }

    /**
     * Deletes the listed records that hold {@code value}, leaving every other value at the name.
     *
     * @param value  the TXT value to remove
     * @param list   lists the TXT records at the name (every page)
     * @param delete deletes one record by id (a record already gone should count as deleted)
     */
    public static void cleanup(String value, Supplier<List<TxtRecord>> list, Consumer<String> delete) {
        for (TxtRecord r : list.get()) {
            if (TxtValues.matches(r.content(), value)) {
                delete.accept(r.id());
            }
        }
    }
}
