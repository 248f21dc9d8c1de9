package dev.certpilot.testca.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues and redeems anti-replay nonces: a counter plus a random per-CA prefix, kept in a concurrent set. Only the
 * latest {@link #CAPACITY} issued nonces are redeemable (older ones are forgotten, redeemed or not), each once.
 */
public final class Nonces {
    /** How many unredeemed nonces are remembered. */
    public static final int CAPACITY = 100_000;

    private final long prefix;
    private final AtomicLong counter = new AtomicLong();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> age = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();

    /** Nonces whose prefix comes from {@code random}. */
    public Nonces(Random random) {
        this.prefix = random.nextLong();
    }

    /** A fresh nonce. */
    public String next() {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(prefix).putLong(counter.incrementAndGet());
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        valid.add(nonce);
        age.add(nonce);
        if (queued.incrementAndGet() > CAPACITY) {
            String oldest = age.poll();
            if (oldest != null) {
                queued.decrementAndGet();
                valid.remove(oldest);
            }
        }
        return nonce;
    }

    /** Redeems a nonce: true exactly once for a nonce this CA issued. */
    public boolean redeem(String nonce) {
        return nonce != null && valid.remove(nonce);
    }
}
