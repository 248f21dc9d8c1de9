package dev.certpilot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.Commit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's indexes on {@code nextRenewalAt} and {@code notAfter} never change what a listing returns:
 * random certificates, changed and deleted at random, listed page by page with random filters, always equal what
 * testing every certificate gives.
 */
class InMemoryStoreIndexTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    /** Bounds fall in the first quarter of the times, so that the indexes serve most listings; many ties. */
    private static final int HOURS = 50;
    private final Random random = new Random(5);
    private final InMemoryCertificateStore store = new InMemoryCertificateStore();
    private final Map<String, CertificateRecord> all = new TreeMap<>();

    @Test
    void indexedListingsEqualFullScans() {
        for (int i = 0; i < 600; i++) {
            CertificateRecord r = CertificateRecord.builder().id(String.format("c%05d", i))
                    .names(List.of("n" + i + ".example")).createdAt(T0).updatedAt(T0)
                    .state(random.nextBoolean() ? CertificateState.ISSUED : CertificateState.PENDING).build();
            save(randomTimes(r));
        }
        for (int round = 0; round < 80; round++) {
            List<String> ids = new ArrayList<>(all.keySet());
            for (int k = 0; k < 30; k++) {
                CertificateRecord r = all.get(ids.get(random.nextInt(ids.size())));
                if (r == null) {
                    continue;
                }
                if (random.nextInt(10) == 0) {
                    store.deleteCertificate(r.id(), r.revision(), List.of());
                    all.remove(r.id());
                } else {
                    save(randomTimes(r));
                }
            }
            CertificateFilter.Builder f = CertificateFilter.builder();
            if (random.nextBoolean()) {
                f.renewalDueBy(T0.plus(Duration.ofHours(random.nextInt(HOURS))));
            }
            if (random.nextBoolean()) {
                f.notAfterBefore(T0.plus(Duration.ofHours(random.nextInt(HOURS))));
            }
            if (random.nextInt(3) == 0) {
                f.states(CertificateState.ISSUED);
            }
            CertificateFilter filter = f.build();
            List<String> expected = all.values().stream().filter(filter::matches).map(CertificateRecord::id).toList();
            assertThat(listAll(filter, 1 + random.nextInt(50))).as("filter %s", filter).isEqualTo(expected);
            assertThat(store.countCertificates(filter)).isEqualTo(expected.size());
        }
    }

    private CertificateRecord randomTimes(CertificateRecord r) {
        return r.toBuilder()
                .nextRenewalAt(random.nextInt(5) == 0 ? null : T0.plus(Duration.ofHours(random.nextInt(4 * HOURS))))
                .notAfter(random.nextInt(5) == 0 ? null : T0.plus(Duration.ofHours(random.nextInt(4 * HOURS))))
                .build();
    }

    private void save(CertificateRecord r) {
        CertificateRecord stored = store.commit(Commit.builder().certificate(r).build()).storedCertificate();
        all.put(stored.id(), stored);
    }

    private List<String> listAll(CertificateFilter filter, int size) {
        List<String> out = new ArrayList<>();
        PageRequest page = PageRequest.first(size);
        while (true) {
            Page<CertificateRecord> p = store.listCertificates(filter, page);
            p.items().forEach(r -> out.add(r.id()));
            if (p.next(size).isEmpty()) {
                return out;
            }
            page = p.next(size).get();
        }
    }
}
