package dev.certpilot.internal.lifecycle;

import dev.certpilot.CertificateFilter;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of the union of several store listings, checked by an exact test: each source is read by keyset from
 * the same cursor, merged by id (the order every store lists in), duplicates dropped. Reads only as much of each
 * source as the page needs.
 */
public final class UnionListing {

    private final CertificateStore store;

    /** Lists from {@code store}. */
    public UnionListing(CertificateStore store) {
        this.store = store;
    }

    /** One page of the query's matches, in id order. */
    public Page<CertificateRecord> list(HealthQuery query, PageRequest page) {
        int chunk = Math.min(PageRequest.MAX_SIZE, Math.max(page.size() + 1, 100));
        List<Source> sources = new ArrayList<>();
        for (CertificateFilter f : query.sources()) {
            sources.add(new Source(f, page.after(), chunk));
        }
        List<CertificateRecord> items = new ArrayList<>(page.size());
        while (true) {
            Source min = null;
            for (Source s : sources) {
                if (s.peek() != null && (min == null || s.peek().id().compareTo(min.peek().id()) < 0)) {
                    min = s;
                }
            }
            if (min == null) {
                return new Page<>(items, Optional.empty());
            }
            CertificateRecord next = min.peek();
            for (Source s : sources) {
                if (s.peek() != null && s.peek().id().equals(next.id())) {
                    s.advance();
                }
            }
            if (query.exact().test(next)) {
                if (items.size() == page.size()) {
                    return new Page<>(items, Optional.of(items.get(items.size() - 1).id()));
                }
                items.add(next);
            }
        }
    }

    /** One store listing read page by page. */
    private final class Source {
        private final CertificateFilter filter;
        private final int chunk;
        private List<CertificateRecord> buffer = List.of();
        private int index;
        private Optional<String> cursor;
        private boolean exhausted;

        Source(CertificateFilter filter, Optional<String> after, int chunk) {
            this.filter = filter;
            this.chunk = chunk;
            this.cursor = after;
        }

        CertificateRecord peek() {
            if (index >= buffer.size() && !exhausted) {
                Page<CertificateRecord> p = store.listCertificates(filter, new PageRequest(chunk, cursor));
                buffer = p.items();
                index = 0;
                cursor = p.nextCursor();
                exhausted = p.nextCursor().isEmpty();
            }
            return index < buffer.size() ? buffer.get(index) : null;
        }

        void advance() {
            index++;
        }
    }
}
