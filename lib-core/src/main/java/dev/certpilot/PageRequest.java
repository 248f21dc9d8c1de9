package dev.certpilot;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a listing to return. Listings are ordered by id, which is time-ordered (oldest first), and paged
 * by keyset: the cursor is the last id of the previous page, so pages stay stable while records are added.
 *
 * @param size  the maximum number of items, 1 to {@value #MAX_SIZE}
 * @param after return items after this cursor ({@link Page#nextCursor()} of the previous page); empty for the first
 */
public record PageRequest(int size, Optional<String> after) {

    /** The largest page size. */
    public static final int MAX_SIZE = 1000;

    /** Validates the components. */
    public PageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "page size must be 1 to " + MAX_SIZE + ", was " + size);
        }
        Objects.requireNonNull(after, "after");
    }

    /** The first page of the given size. */
    public static PageRequest first(int size) {
        return new PageRequest(size, Optional.empty());
    }

    /** The page after the given cursor. */
    public static PageRequest after(String cursor, int size) {
        return new PageRequest(size, Optional.of(cursor));
    }
}
