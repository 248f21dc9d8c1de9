package dev.certpilot;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DnsChallengeProvider} that keeps TXT records in memory, for tests and samples. Listeners see every
 * change, which is how a sample mirrors the records into a test DNS server that a CA can query:
 *
 * <pre>{@code
 * InMemoryDnsProvider dns = new InMemoryDnsProvider()
 *         .onChange((record, added) -> { if (added) ca.dns().addTxt(record.fqdn(), record.value());
 *                                        else ca.dns().removeTxt(record.fqdn(), record.value()); });
 * }</pre>
 *
 * <p>Thread-safe; keeps several values per name; removing an absent value does nothing.
 */
public final class InMemoryDnsProvider implements DnsChallengeProvider {

    /** Told about every record added or removed. */
    @FunctionalInterface
    public interface ChangeListener {
        /**
         * Called after a change.
         *
         * @param record the record
         * @param added  {@code true} when it was added, {@code false} when it was removed
         */
        void changed(ChallengeRecord record, boolean added);
    }

    private final Map<String, Set<String>> values = new TreeMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    /** An empty provider. */
    public InMemoryDnsProvider() {
    }

    /** Adds a listener; returns this provider. */
    public InMemoryDnsProvider onChange(ChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public void present(ChallengeRecord record) {
        boolean added;
        synchronized (values) {
            added = values.computeIfAbsent(record.fqdn(), k -> new LinkedHashSet<>()).add(record.value());
        }
        if (added) {
            listeners.forEach(l -> l.changed(record, true));
        }
    }

    @Override
    public void cleanup(ChallengeRecord record) {
        boolean removed;
        synchronized (values) {
            Set<String> set = values.get(record.fqdn());
            removed = set != null && set.remove(record.value());
            if (set != null && set.isEmpty()) {
                values.remove(record.fqdn());
            }
        }
        if (removed) {
            listeners.forEach(l -> l.changed(record, false));
        }
    }

    /** The values at a name (normalized, no trailing dot), in the order they were added. */
    public List<String> values(String fqdn) {
        synchronized (values) {
            return new ArrayList<>(values.getOrDefault(fqdn, Set.of()));
        }
    }

    /** How many values are held in all. */
    public int size() {
        synchronized (values) {
            return values.values().stream().mapToInt(Set::size).sum();
        }
    }

    @Override
    public String toString() {
        return "InMemoryDnsProvider[" + size() + " values]";
    }
}
