package dev.certpilot.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A sorted index of ids by an instant, for in-memory stores: which ids have a value before (or at) a bound. Not
 * thread-safe; the store guards it with its own lock.
 */
public final class InstantIndex {

    private record Entry(Instant at, String id) {
    }

    /** Sorts after every real id (ids are printable). */
    private static final String AFTER_ALL = String.valueOf(Character.MAX_VALUE);

    private final NavigableSet<Entry> entries = new TreeSet<>(
            Comparator.comparing(Entry::at).thenComparing(Entry::id));

    /** Moves {@code id} from {@code before} to {@code after} (either may be {@code null}: not indexed). */
    public void update(String id, Instant before, Instant after) {
        if (before != null && before.equals(after)) {
            return;
        }
        if (before != null) {
            entries.remove(new Entry(before, id));
        }
        if (after != null) {
            entries.add(new Entry(after, id));
        }
    }

    /** The ids whose value is strictly before {@code bound}, in id order. */
    public NavigableSet<String> before(Instant bound) {
        return ids(beforeView(bound));
    }

    /** How many ids have a value strictly before {@code bound} (counted, not collected). */
    public int countBefore(Instant bound) {
        return beforeView(bound).size();
    }

    /** The ids whose value is at or before {@code bound}, in id order. */
    public NavigableSet<String> atOrBefore(Instant bound) {
        return ids(atOrBeforeView(bound));
    }

    /** How many ids have a value at or before {@code bound} (counted, not collected). */
    public int countAtOrBefore(Instant bound) {
        return atOrBeforeView(bound).size();
    }

    private NavigableSet<Entry> beforeView(Instant bound) {
        return entries.headSet(new Entry(bound, ""), false);
    }

    private NavigableSet<Entry> atOrBeforeView(Instant bound) {
        return entries.headSet(new Entry(bound, AFTER_ALL), true);
    }

    /** How many ids are indexed. */
    public int size() {
        return entries.size();
    }

    private static NavigableSet<String> ids(NavigableSet<Entry> part) {
        NavigableSet<String> out = new TreeSet<>();
        for (Entry e : part) {
            out.add(e.id());
        }
        return out;
    }
}
