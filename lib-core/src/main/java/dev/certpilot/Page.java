package dev.certpilot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param items      the items, in id order
 * @param nextCursor the cursor of the next page, empty when this is the last page
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    /** Validates and copies the components. */
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /** The request for the next page of the same size, if there is one. */
    public Optional<PageRequest> next(int size) {
        return nextCursor.map(c -> PageRequest.after(c, size));
    }

    /** A page with the same cursor and mapped items. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
