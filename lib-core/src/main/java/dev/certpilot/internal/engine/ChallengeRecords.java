package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishing and removing a job's TXT records through the providers of their zones, names in parallel. */
final class ChallengeRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeRecords.class);

    private ChallengeRecords() {
    }

    /** What to do with one record. */
    @FunctionalInterface
    interface Action {
        void apply(DnsChallengeProvider provider, ChallengeRecord record);
    }

    /**
     * Removes the records (also those of a cancelled job) and describes the outcome as events of the certificate:
     * {@code dns.cleaned}, or one {@code dns.cleanup_failed} per failure. Nothing for no records.
     */
    static List<CertificateEvent> cleanup(Engine engine, String certificateId, List<ChallengeRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Throwable> errors = forEachName(engine, records, (provider, record) -> provider.cleanup(record));
        List<CertificateEvent> events = new ArrayList<>();
        if (errors.isEmpty()) {
            events.add(CertificateEvent.of(certificateId, EventType.DNS_CLEANED, engine.clock().instant(),
                    Map.of("records", Integer.toString(records.size()))));
        } else {
            for (Throwable t : errors) {
                LOG.warn("Cleaning up TXT records of certificate {} failed: {}", certificateId, t.toString());
                events.add(CertificateEvent.of(certificateId, EventType.DNS_CLEANUP_FAILED, engine.clock().instant(),
                        Map.of("error", String.valueOf(t.getMessage()))));
            }
        }
        return events;
    }

    /** Applies {@code action} to every record: names in parallel, the values of one name one after another. */
    static List<Throwable> forEachName(Engine engine, List<ChallengeRecord> records, Action action) {
        Map<String, List<ChallengeRecord>> byName = new LinkedHashMap<>();
        records.forEach(r -> byName.computeIfAbsent(r.fqdn(), k -> new ArrayList<>()).add(r));
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (List<ChallengeRecord> group : byName.values()) {
            calls.add(CompletableFuture.runAsync(() -> {
                for (ChallengeRecord r : group) {
                    action.apply(provider(engine, r), r);
                }
            }, engine.fanOut()));
        }
        return joinAll(calls);
    }

    /** The provider of the record's zone. */
    static DnsChallengeProvider provider(Engine engine, ChallengeRecord r) {
        return engine.router().providerForZone(r.zone()).orElseThrow(() -> new CertpilotException(
                ErrorCode.DOMAIN_NOT_IN_ZONE, "no DNS provider is configured for zone " + r.zone()
                + " any more; the record " + r.fqdn() + " cannot be managed"));
    }

    /** Waits for every call; returns the failures. */
    static List<Throwable> joinAll(List<? extends CompletableFuture<?>> calls) {
        List<Throwable> errors = new ArrayList<>();
        for (CompletableFuture<?> c : calls) {
            try {
                c.join();
            } catch (CompletionException e) {
                errors.add(e.getCause() == null ? e : e.getCause());
            }
        }
        return errors;
    }
}
