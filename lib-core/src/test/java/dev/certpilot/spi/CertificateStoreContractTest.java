package dev.certpilot.spi;

import static dev.certpilot.spi.StoreFixtures.T0;
import static dev.certpilot.spi.StoreFixtures.account;
import static dev.certpilot.spi.StoreFixtures.event;
import static dev.certpilot.spi.StoreFixtures.full;
import static dev.certpilot.spi.StoreFixtures.fullJob;
import static dev.certpilot.spi.StoreFixtures.job;
import static dev.certpilot.spi.StoreFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateFilter;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.EventType;
import dev.certpilot.Failure;
import dev.certpilot.Page;
import dev.certpilot.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CertificateStore} must meet. Published in {@code certpilot-core}'s test-jar: a store's
 * test class extends it and implements {@link #createStore()}.
 *
 * <pre>{@code
 * class JdbcStorePostgresTest extends CertificateStoreContractTest {
 *     protected CertificateStore createStore() { return JdbcCertificateStore.builder(dataSource)...build(); }
 * }
 * }</pre>
 */
public abstract class CertificateStoreContractTest {

    /** The store under test. */
    protected CertificateStore store;

    /** An empty store; called before every test. Stores shared between tests must be emptied here. */
    protected abstract CertificateStore createStore();

    /**
     * A second handle on the same data as {@link #store}, as another application instance would have it (for
     * stores shared by several instances). The default returns the same object.
     */
    protected CertificateStore secondInstance() {
        return store;
    }

    /** Creates the store. */
    @BeforeEach
    void createStoreForTest() {
        store = createStore();
    }

    /** Hook for subclasses to release resources after each test. */
    @AfterEach
    protected void afterEachContractTest() {
    }

    private CertificateRecord insert(CertificateRecord r) {
        return store.commit(Commit.builder().certificate(r).build()).storedCertificate();
    }

    private static void assertConflict(Runnable write) {
        assertThatThrownBy(write::run)
                .isInstanceOf(CertpilotException.class)
                .extracting(e -> ((CertpilotException) e).code())
                .isEqualTo(ErrorCode.STORE_CONFLICT);
    }

    @Nested
    class Certificates {

        @Test
        void insertAssignsRevisionOneAndRoundTripsEveryField() {
            CertificateRecord full = full("example.com");
            CertificateRecord stored = insert(full);
            assertThat(stored.revision()).isEqualTo(1);
            assertThat(store.findCertificate(full.id())).contains(full.toBuilder().revision(1).build());
        }

        @Test
        void minimalRecordRoundTrips() {
            CertificateRecord min = minimal("min.example");
            insert(min);
            assertThat(store.findCertificate(min.id())).contains(min.toBuilder().revision(1).build());
        }

        @Test
        void callerCsrRecordRoundTrips() {
            CertificateRecord csr = StoreFixtures.fromCsr("csr.example");
            insert(csr);
            assertThat(store.findCertificate(csr.id())).contains(csr.toBuilder().revision(1).build());
        }

        @Test
        void hundredLongNamesAndALargeChainRoundTrip() {
            List<String> names = new ArrayList<>();
            String label = "a".repeat(63);
            for (int i = 0; i < 100; i++) {
                // 253 characters: 63-char labels, then a numbered label and the zone
                String prefix = (label + ".").repeat(4);
                String suffix = String.format("n%03d.example.com", i);
                names.add(prefix.substring(0, 253 - suffix.length()) + suffix);
            }
            assertThat(names).allMatch(n -> n.length() == 253);
            CertificateRecord big = full("example.com").toBuilder()
                    .names(names)
                    .chainPem("-----BEGIN CERTIFICATE-----\n" + "A".repeat(64_000) + "\n-----END CERTIFICATE-----\n")
                    .build();
            insert(big);
            assertThat(store.findCertificate(big.id())).contains(big.toBuilder().revision(1).build());
        }

        @Test
        void unknownIdIsEmpty() {
            assertThat(store.findCertificate("no-such-id")).isEmpty();
        }

        @Test
        void insertingAnExistingIdIsAConflictAndChangesNothing() {
            CertificateRecord r = insert(minimal("dup.example"));
            assertConflict(() -> insert(minimal("other.example").toBuilder().id(r.id()).build()));
            assertThat(store.findCertificate(r.id())).contains(r);
        }

        @Test
        void updateIncrementsRevision() {
            CertificateRecord r = insert(minimal("upd.example"));
            CertificateRecord next = store.commit(Commit.builder()
                    .certificate(r.toBuilder().state(CertificateState.VALIDATING).build()).build()).storedCertificate();
            assertThat(next.revision()).isEqualTo(2);
            assertThat(store.findCertificate(r.id()).orElseThrow().state()).isEqualTo(CertificateState.VALIDATING);
        }

        @Test
        void staleUpdateIsAConflictAndChangesNothing() {
            CertificateRecord r = insert(minimal("stale.example"));
            CertificateRecord winner = store.commit(Commit.builder()
                    .certificate(r.toBuilder().autoRenew(false).build()).build()).storedCertificate();
            assertConflict(() -> store.commit(Commit.builder()
                    .certificate(r.toBuilder().tenant("loser").build()).build()));
            assertThat(store.findCertificate(r.id())).contains(winner);
        }

        @Test
        void updateOfAMissingRecordIsAConflict() {
            CertificateRecord ghost = minimal("ghost.example").toBuilder().revision(3).build();
            assertConflict(() -> insert(ghost));
            assertThat(store.findCertificate(ghost.id())).isEmpty();
        }

        @Test
        void clearingOptionalFieldsRoundTrips() {
            CertificateRecord r = insert(full("clear.example"));
            CertificateRecord cleared = r.toBuilder().failure(null).activeJobId(null).nextRenewalAt(null)
                    .tenant(null).labels(Map.of()).attributes(Map.of()).targets(List.of()).consecutiveFailures(0)
                    .build();
            CertificateRecord stored = store.commit(Commit.builder().certificate(cleared).build()).storedCertificate();
            assertThat(store.findCertificate(r.id())).contains(stored);
            assertThat(stored).isEqualTo(cleared.toBuilder().revision(2).build());
        }

        @Test
        void concurrentUpdatesFromTheSameRevisionHaveExactlyOneWinner() throws Exception {
            CertificateRecord r = insert(minimal("race.example"));
            int threads = 8;
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            runConcurrently(threads, i -> () -> {
                try {
                    store.commit(Commit.builder().certificate(r.toBuilder().tenant("t" + i).build()).build());
                    wins.incrementAndGet();
                } catch (CertpilotException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_CONFLICT);
                    conflicts.incrementAndGet();
                }
                return null;
            });
            assertThat(wins.get()).isEqualTo(1);
            assertThat(conflicts.get()).isEqualTo(threads - 1);
            assertThat(store.findCertificate(r.id()).orElseThrow().revision()).isEqualTo(2);
        }

        @Test
        void deleteRemovesCertificateAndJobsButKeepsTimelineWithTombstone() {
            CertificateRecord r = insert(minimal("del.example"));
            JobRecord j = store.commit(Commit.builder().job(job(r.id(), T0))
                    .event(event(r.id(), EventType.CERT_REQUESTED, T0)).build()).storedJob();
            store.deleteCertificate(r.id(), r.revision(), List.of(event(r.id(), EventType.CERT_DELETED, T0.plusSeconds(1))));
            assertThat(store.findCertificate(r.id())).isEmpty();
            assertThat(store.findJob(j.id())).isEmpty();
            assertThat(store.jobsOf(r.id())).isEmpty();
            assertThat(store.timeline(r.id())).extracting(CertificateEvent::type)
                    .containsExactly(EventType.CERT_REQUESTED, EventType.CERT_DELETED);
        }

        @Test
        void deleteWithStaleRevisionIsAConflictAndDeletesNothing() {
            CertificateRecord r = insert(minimal("del2.example"));
            store.commit(Commit.builder().certificate(r.toBuilder().autoRenew(false).build()).build());
            assertConflict(() -> store.deleteCertificate(r.id(), r.revision(), List.of()));
            assertThat(store.findCertificate(r.id())).isPresent();
            assertConflict(() -> store.deleteCertificate("missing", 1, List.of()));
        }
    }

    @Nested
    class Listing {

        @Test
        void pagesInIdOrderWithStableCursors() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                ids.add(insert(minimal("p" + i + ".example")).id());
            }
            Collections.sort(ids);
            List<String> seen = new ArrayList<>();
            PageRequest request = PageRequest.first(10);
            int pages = 0;
            while (request != null) {
                Page<CertificateRecord> page = store.listCertificates(CertificateFilter.ALL, request);
                pages++;
                page.items().forEach(r -> seen.add(r.id()));
                request = page.next(10).orElse(null);
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(ids);
            assertThat(store.countCertificates(CertificateFilter.ALL)).isEqualTo(25);
        }

        @Test
        void exactlyFullLastPageHasNoNextCursor() {
            for (int i = 0; i < 10; i++) {
                insert(minimal("f" + i + ".example"));
            }
            Page<CertificateRecord> page = store.listCertificates(CertificateFilter.ALL, PageRequest.first(10));
            assertThat(page.items()).hasSize(10);
            assertThat(page.nextCursor()).isEmpty();
        }

        @Test
        void everyFilterCriterionSelects() {
            CertificateRecord a = insert(full("a.example"));                     // ISSUED, tenant acme-corp
            CertificateRecord b = insert(minimal("b.example").toBuilder()        // PENDING, no tenant
                    .labels(Map.of("team", "web")).requestedIssuer("primary").build());
            CertificateRecord c = insert(minimal("c.example").toBuilder().state(CertificateState.ISSUED)
                    .tenant("other").autoRenew(true).notAfter(T0.plusSeconds(86400))
                    .nextRenewalAt(T0.minusSeconds(1)).issuer("primary")
                    .key(new EncryptedKey("kek-2", new byte[] {1})).build());

            assertSelects(CertificateFilter.builder().states(CertificateState.ISSUED).build(), a, c);
            assertSelects(CertificateFilter.builder().states(CertificateState.PENDING, CertificateState.FAILED).build(), b);
            assertSelects(CertificateFilter.builder().tenant("acme-corp").build(), a);
            assertSelects(CertificateFilter.builder().name("*.a.example").build(), a);
            assertSelects(CertificateFilter.builder().name("C.EXAMPLE.").build(), c);
            assertSelects(CertificateFilter.builder().label("team", "web").build(), b);
            assertSelects(CertificateFilter.builder().label("team", "payments").label("env", "prod").build(), a);
            assertSelects(CertificateFilter.builder().label("team", "payments").label("env", "dev").build());
            assertSelects(CertificateFilter.builder().issuer("primary").build(), a, b, c);
            assertSelects(CertificateFilter.builder().issuer("backup").build(), a);
            assertSelects(CertificateFilter.builder().autoRenew(false).build(), a);
            assertSelects(CertificateFilter.builder().notAfterBefore(T0.plusSeconds(2 * 86400)).build(), c);
            assertSelects(CertificateFilter.builder().notAfterBefore(T0.plusSeconds(86400)).build());
            assertSelects(CertificateFilter.builder().notAfterOnOrAfter(T0.plusSeconds(86400)).build(), a, c);
            assertSelects(CertificateFilter.builder().renewalDueBy(T0).build(), c);
            assertSelects(CertificateFilter.builder().renewalDueBy(T0.plusSeconds(61L * 86400)).build(), a, c);
            assertSelects(CertificateFilter.builder().hasActiveJob(true).build(), a);
            assertSelects(CertificateFilter.builder().hasActiveJob(false).build(), b, c);
            assertSelects(CertificateFilter.builder().failing(true).build(), a);
            assertSelects(CertificateFilter.builder().keyNotWrappedBy("kek-1").build(), c);
            assertSelects(CertificateFilter.builder().keyNotWrappedBy("kek-9").build(), a, c);
            assertSelects(CertificateFilter.builder().states(CertificateState.ISSUED).tenant("other")
                    .renewalDueBy(T0).autoRenew(true).hasActiveJob(false).build(), c);
        }

        private void assertSelects(CertificateFilter filter, CertificateRecord... expected) {
            List<String> ids = store.listCertificates(filter, PageRequest.first(100)).items().stream()
                    .map(CertificateRecord::id).toList();
            assertThat(ids).as(filter.toString())
                    .containsExactlyElementsOf(java.util.Arrays.stream(expected).map(CertificateRecord::id).sorted().toList());
            assertThat(store.countCertificates(filter)).as("count " + filter).isEqualTo(expected.length);
        }
    }

    @Nested
    class CommitsAndEvents {

        @Test
        void commitIsAllOrNothing() {
            CertificateRecord cert = minimal("atomic.example");
            JobRecord staleJob = job(cert.id(), T0).toBuilder().revision(7).build();
            assertConflict(() -> store.commit(Commit.builder().certificate(cert).job(staleJob)
                    .event(event(cert.id(), EventType.CERT_REQUESTED, T0)).build()));
            assertThat(store.findCertificate(cert.id())).isEmpty();
            assertThat(store.findJob(staleJob.id())).isEmpty();
            assertThat(store.timeline(cert.id())).isEmpty();
            assertThat(store.events(0, 10)).isEmpty();
        }

        @Test
        void certificateJobAndEventsAreStoredTogether() {
            CertificateRecord cert = minimal("together.example");
            JobRecord job = job(cert.id(), T0);
            Commit stored = store.commit(Commit.builder().certificate(cert.toBuilder().activeJobId(job.id()).build())
                    .job(job).event(event(cert.id(), EventType.CERT_REQUESTED, T0))
                    .event(event(cert.id(), EventType.ORDER_CREATED, T0.plusMillis(1))).build());
            assertThat(stored.storedCertificate().revision()).isEqualTo(1);
            assertThat(stored.storedJob().revision()).isEqualTo(1);
            assertThat(stored.events()).extracting(CertificateEvent::sequence).allMatch(s -> s > 0).isSorted();
            assertThat(store.timeline(cert.id())).containsExactlyElementsOf(stored.events());
        }

        @Test
        void eventsKeepOrderDetailsAndGlobalSequence() {
            CertificateRecord x = insert(minimal("x.example"));
            CertificateRecord y = insert(minimal("y.example"));
            List<CertificateEvent> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                CertificateRecord r = i % 2 == 0 ? x : y;
                CertificateEvent e = CertificateEvent.of(r.id(), EventType.values()[i], T0.plusMillis(i),
                        Map.of("i", Integer.toString(i), "text", "line one\nline \"two\" = \u00e9", "empty", ""));
                all.addAll(store.commit(Commit.builder().event(e).build()).events());
            }
            assertThat(all).extracting(CertificateEvent::sequence).isSorted().doesNotHaveDuplicates();
            assertThat(store.timeline(x.id())).containsExactly(all.get(0), all.get(2), all.get(4));
            assertThat(store.timeline(y.id())).containsExactly(all.get(1), all.get(3));
            assertThat(store.events(0, 100)).containsExactlyElementsOf(all);
            assertThat(store.events(all.get(1).sequence(), 2)).containsExactly(all.get(2), all.get(3));
            assertThat(store.events(all.get(4).sequence(), 10)).isEmpty();
        }
    }

    @Nested
    class Jobs {

        @Test
        void fullJobRoundTrips() {
            CertificateRecord cert = insert(minimal("job.example"));
            JobRecord job = fullJob(cert.id());
            JobRecord stored = store.commit(Commit.builder().job(job).build()).storedJob();
            assertThat(stored).isEqualTo(job.toBuilder().revision(1).build());
            assertThat(store.findJob(job.id())).contains(stored);
            assertThat(store.jobsOf(cert.id())).containsExactly(stored);
        }

        @Test
        void staleJobUpdateIsAConflict() {
            CertificateRecord cert = insert(minimal("jobc.example"));
            JobRecord j = store.commit(Commit.builder().job(job(cert.id(), T0)).build()).storedJob();
            store.commit(Commit.builder().job(j.toBuilder().step("ORDER_CREATED").build()).build());
            assertConflict(() -> store.commit(Commit.builder().job(j.toBuilder().step("OTHER").build()).build()));
            assertThat(store.findJob(j.id()).orElseThrow().step()).isEqualTo("ORDER_CREATED");
        }

        @Test
        void claimTakesDueUnleasedActiveJobsEarliestFirstAndLeasesThem() {
            CertificateRecord cert = insert(minimal("claim.example"));
            JobRecord late = save(job(cert.id(), T0.plusSeconds(10)));
            JobRecord early = save(job(cert.id(), T0.minusSeconds(10)));
            JobRecord now = save(job(cert.id(), T0));
            JobRecord future = save(job(cert.id(), T0.plusSeconds(3600)));
            JobRecord done = save(job(cert.id(), T0).toBuilder().status(JobStatus.SUCCEEDED).build());
            JobRecord leased = save(job(cert.id(), T0).toBuilder().lease("other", T0.plusSeconds(60)).build());

            List<JobRecord> claimed = store.claimJobs("me", T0.plusSeconds(10), Duration.ofSeconds(30), 10);
            assertThat(claimed).extracting(JobRecord::id).containsExactly(early.id(), now.id(), late.id());
            assertThat(claimed).allSatisfy(j -> {
                assertThat(j.leaseOwner()).contains("me");
                assertThat(j.leaseUntil()).contains(T0.plusSeconds(40));
                assertThat(j.revision()).isEqualTo(2);
            });
            assertThat(store.findJob(early.id()).orElseThrow().isLeasedBy("me", T0.plusSeconds(10))).isTrue();
            assertThat(store.claimJobs("you", T0.plusSeconds(10), Duration.ofSeconds(30), 10)).isEmpty();
            assertThat(store.findJob(future.id()).orElseThrow().leaseOwner()).isEmpty();
            assertThat(store.findJob(done.id()).orElseThrow().leaseOwner()).isEmpty();
            assertThat(store.findJob(leased.id()).orElseThrow().leaseOwner()).contains("other");
        }

        @Test
        void expiredLeaseIsTakenOverAndLimitIsRespected() {
            CertificateRecord cert = insert(minimal("takeover.example"));
            for (int i = 0; i < 5; i++) {
                save(job(cert.id(), T0).toBuilder().lease("dead", T0.plusSeconds(5)).build());
            }
            assertThat(store.claimJobs("alive", T0.plusSeconds(4), Duration.ofSeconds(30), 10)).isEmpty();
            assertThat(store.claimJobs("alive", T0.plusSeconds(5), Duration.ofSeconds(30), 3)).hasSize(3);
            assertThat(store.claimJobs("alive", T0.plusSeconds(5), Duration.ofSeconds(30), 10)).hasSize(2);
        }

        @Test
        void concurrentClaimsClaimEachJobOnce() throws Exception {
            CertificateRecord cert = insert(minimal("many.example"));
            int jobCount = 60;
            for (int i = 0; i < jobCount; i++) {
                save(job(cert.id(), T0));
            }
            Set<String> claimed = ConcurrentHashMap.newKeySet();
            AtomicInteger total = new AtomicInteger();
            runConcurrently(6, i -> () -> {
                CertificateStore s = i % 2 == 0 ? store : secondInstance();
                List<JobRecord> got;
                do {
                    got = s.claimJobs("owner-" + i, T0, Duration.ofMinutes(1), 4);
                    got.forEach(j -> claimed.add(j.id()));
                    total.addAndGet(got.size());
                } while (!got.isEmpty());
                return null;
            });
            assertThat(claimed).hasSize(jobCount);
            assertThat(total.get()).isEqualTo(jobCount);
        }

        @Test
        void purgeRemovesOnlyOldFinishedJobs() {
            CertificateRecord cert = insert(minimal("purge.example"));
            JobRecord oldDone = save(job(cert.id(), T0).toBuilder().status(JobStatus.SUCCEEDED)
                    .updatedAt(T0.minusSeconds(100)).build());
            JobRecord oldFailed = save(job(cert.id(), T0).toBuilder().status(JobStatus.FAILED)
                    .updatedAt(T0.minusSeconds(100)).build());
            JobRecord newDone = save(job(cert.id(), T0).toBuilder().status(JobStatus.CANCELLED).build());
            JobRecord oldActive = save(job(cert.id(), T0).toBuilder().updatedAt(T0.minusSeconds(100)).build());
            assertThat(store.purgeFinishedJobs(T0)).isEqualTo(2);
            assertThat(store.jobsOf(cert.id())).extracting(JobRecord::id)
                    .containsExactlyInAnyOrder(newDone.id(), oldActive.id())
                    .doesNotContain(oldDone.id(), oldFailed.id());
        }

        private JobRecord save(JobRecord job) {
            return store.commit(Commit.builder().job(job).build()).storedJob();
        }
    }

    @Nested
    class Accounts {

        @Test
        void saveFindUpdateAndList() {
            AccountRecord a = store.saveAccount(account("https://ca.example/dir", "default"));
            assertThat(a.revision()).isEqualTo(1);
            AccountRecord b = store.saveAccount(account("https://ca.example/dir", "second"));
            assertThat(store.findAccount(a.id())).contains(a);
            AccountRecord registered = store.saveAccount(a.withAccountUrl("https://ca.example/acct/1", T0.plusSeconds(1)));
            assertThat(registered.revision()).isEqualTo(2);
            assertThat(store.findAccount(a.id()).orElseThrow().accountUrl()).contains("https://ca.example/acct/1");
            assertThat(store.accounts()).extracting(AccountRecord::id).containsExactlyInAnyOrder(a.id(), b.id());
        }

        @Test
        void duplicateInsertAndStaleUpdateAreConflicts() {
            AccountRecord a = store.saveAccount(account("https://ca.example/dir", "default"));
            assertConflict(() -> store.saveAccount(account("https://ca.example/dir", "default")));
            store.saveAccount(a.withAccountUrl("https://ca.example/acct/1", T0));
            assertConflict(() -> store.saveAccount(a.withAccountUrl("https://ca.example/acct/2", T0)));
            assertThat(store.findAccount(a.id()).orElseThrow().accountUrl()).contains("https://ca.example/acct/1");
        }

        @Test
        void concurrentFirstSavesHaveOneWinner() throws Exception {
            AtomicInteger wins = new AtomicInteger();
            runConcurrently(6, i -> () -> {
                try {
                    store.saveAccount(account("https://ca.example/race", "default"));
                    wins.incrementAndGet();
                } catch (CertpilotException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_CONFLICT);
                }
                return null;
            });
            assertThat(wins.get()).isEqualTo(1);
        }
    }

    @Nested
    class ApprovalsAndVerifications {

        @Test
        void approvalsRoundTripFilterAndUseRevisions() {
            CertificateRecord cert = insert(minimal("approve.example"));
            ApprovalRecord pending = store.saveApproval(ApprovalRecord.pending(StoreFixtures.id(), cert.id(),
                    Optional.of("acme-corp"), Optional.of("alice"), List.of("wildcard needs approval"), T0));
            ApprovalRecord other = store.saveApproval(ApprovalRecord.pending(StoreFixtures.id(), "other-cert",
                    Optional.empty(), Optional.empty(), List.of(), T0));
            assertThat(store.findApproval(pending.id())).contains(pending);
            ApprovalRecord decided = store.saveApproval(
                    pending.decide(ApprovalStatus.APPROVED, "bob", "looks fine", T0.plusSeconds(5)));
            assertThat(decided.revision()).isEqualTo(2);
            assertThat(store.findApproval(pending.id())).contains(decided);
            assertConflict(() -> store.saveApproval(pending.decide(ApprovalStatus.REJECTED, "carol", null, T0)));
            assertThat(store.approvals(Optional.of(ApprovalStatus.PENDING), Optional.empty(), 10))
                    .containsExactly(other);
            assertThat(store.approvals(Optional.empty(), Optional.of(cert.id()), 10)).containsExactly(decided);
            assertThat(store.approvals(Optional.empty(), Optional.empty(), 1)).hasSize(1);
        }

        @Test
        void domainVerificationsRoundTripAndFilter() {
            DomainVerificationRecord v = new DomainVerificationRecord(StoreFixtures.id(), 0, Optional.of("acme-corp"),
                    "example.com", "tok-123", VerificationStatus.PENDING, T0, T0, Optional.empty(),
                    Optional.of(T0.plusSeconds(86400)));
            DomainVerificationRecord stored = store.saveDomainVerification(v);
            DomainVerificationRecord other = store.saveDomainVerification(new DomainVerificationRecord(
                    StoreFixtures.id(), 0, Optional.empty(), "example.org", "tok-456", VerificationStatus.PENDING, T0,
                    T0, Optional.empty(), Optional.empty()));
            assertThat(store.findDomainVerification(v.id())).contains(stored);
            DomainVerificationRecord verified = store.saveDomainVerification(
                    stored.withStatus(VerificationStatus.VERIFIED, T0.plusSeconds(10)));
            assertThat(verified.verifiedAt()).contains(T0.plusSeconds(10));
            assertConflict(() -> store.saveDomainVerification(stored.withStatus(VerificationStatus.EXPIRED, T0)));
            assertThat(store.domainVerifications(Optional.of("acme-corp"), Optional.empty())).containsExactly(verified);
            assertThat(store.domainVerifications(Optional.empty(), Optional.of("example.org"))).containsExactly(other);
            assertThat(store.domainVerifications(Optional.empty(), Optional.empty())).hasSize(2);
        }
    }

    @Nested
    class Leases {

        @Test
        void acquireExtendExpireAndRelease() {
            Duration ttl = Duration.ofSeconds(30);
            assertThat(store.tryAcquireLease("renewal-tick", "a", T0, ttl))
                    .contains(new Lease("renewal-tick", "a", T0.plusSeconds(30)));
            assertThat(store.tryAcquireLease("renewal-tick", "b", T0.plusSeconds(29), ttl)).isEmpty();
            assertThat(store.tryAcquireLease("renewal-tick", "a", T0.plusSeconds(10), ttl))
                    .contains(new Lease("renewal-tick", "a", T0.plusSeconds(40)));
            assertThat(store.tryAcquireLease("renewal-tick", "b", T0.plusSeconds(40), ttl))
                    .contains(new Lease("renewal-tick", "b", T0.plusSeconds(70)));
            store.releaseLease("renewal-tick", "a");
            assertThat(store.tryAcquireLease("renewal-tick", "c", T0.plusSeconds(41), ttl)).isEmpty();
            store.releaseLease("renewal-tick", "b");
            assertThat(store.tryAcquireLease("renewal-tick", "c", T0.plusSeconds(41), ttl)).isPresent();
            assertThat(store.tryAcquireLease("other-task", "a", T0.plusSeconds(41), ttl)).isPresent();
        }

        @Test
        void concurrentAcquireHasOneWinner() throws Exception {
            AtomicInteger wins = new AtomicInteger();
            runConcurrently(6, i -> () -> {
                CertificateStore s = i % 2 == 0 ? store : secondInstance();
                if (s.tryAcquireLease("singleton", "owner-" + i, T0, Duration.ofMinutes(1)).isPresent()) {
                    wins.incrementAndGet();
                }
                return null;
            });
            assertThat(wins.get()).isEqualTo(1);
        }
    }

    @Test
    void failureWithoutRetryAfterRoundTrips() {
        CertificateRecord r = full("fail.example").toBuilder()
                .failure(new Failure(ErrorCode.CHALLENGE_FAILED, "x: dns: no TXT", T0, Optional.empty())).build();
        insert(r);
        assertThat(store.findCertificate(r.id()).orElseThrow().failure()).isEqualTo(r.failure());
    }

    /** Runs {@code threads} tasks at once (released together) and rethrows the first failure. */
    protected static void runConcurrently(int threads, java.util.function.IntFunction<Callable<Void>> task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Void> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
