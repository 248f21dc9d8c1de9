package dev.certpilot.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NameLocksTest {

    private final NameLocks locks = new NameLocks();

    @Test
    void writersOfOneNameNeverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Runnable work = () -> locks.withLock("a.example.com", () -> {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            for (int i = 0; i < 10_000; i++) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
        });
        CompletableFuture<?>[] all = new CompletableFuture<?>[8];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> {
                for (int j = 0; j < 50; j++) {
                    work.run();
                }
            });
        }
        CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }

    @Test
    void differentNamesDoNotWaitForEachOther() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> locks.withLock("a", () -> {
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.supplyAsync(() -> locks.withLock("b", () -> "done")).get(10, TimeUnit.SECONDS))
                .isEqualTo("done");
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
