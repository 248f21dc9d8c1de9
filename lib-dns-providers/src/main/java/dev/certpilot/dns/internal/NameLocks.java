package dev.certpilot.dns.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per record name, for providers whose API replaces whole record sets: read the set, add or remove one
 * value, write it back, all while holding the name's lock, so two concurrent presents at one name never lose a
 * value. Locks exist only while held or awaited; names are compared as given (callers pass normalized names).
 *
 * <p>This serializes writers inside one JVM. Several JVMs writing the same name through a replace-only API can
 * still race; the provider's README section says so where it matters.
 */
public final class NameLocks {

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    /** Runs {@code action} holding the lock of {@code name} and returns its result. */
    public <T> T withLock(String name, Supplier<T> action) {
        Objects.requireNonNull(name, "name");
        Entry entry = locks.compute(name, (k, e) -> {
            Entry held = e == null ? new Entry() : e;
            held.users++;
            return held;
        });
        entry.lock.lock();
        try {
            return action.get();
        } finally {
            entry.lock.unlock();
            locks.computeIfPresent(name, (k, e) -> --e.users == 0 ? null : e);
        }
    }

    /** Runs {@code action} holding the lock of {@code name}. */
    public void withLock(String name, Runnable action) {
        withLock(name, () -> {
            action.run();
            return null;
        });
    }

    /** How many names currently have a lock (held or awaited); for tests. */
    int size() {
        return locks.size();
    }

    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }
}
