package dev.certpilot.it;

import dev.certpilot.RateLimitedException;
import dev.certpilot.spi.AuthorizationState;
import dev.certpilot.spi.IssuedChain;
import dev.certpilot.spi.Issuer;
import dev.certpilot.spi.IssuerContext;
import dev.certpilot.spi.IssuerOrder;
import dev.certpilot.spi.IssuerSession;
import dev.certpilot.spi.OrderSpec;
import dev.certpilot.spi.RenewalWindow;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real issuer whose next orders can be refused with a rate limit carrying a chosen {@code Retry-After} on the
 * manager's clock (the bundled CA's scripted 429s always say one second of real time, and its simulated limits
 * exempt ARI renewals), and that counts the engine's order reads and finalize calls.
 */
final class ScriptedIssuer implements Issuer {

    private final Issuer delegate;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile Supplier<Instant> retryAfter = () -> null;
    private final AtomicInteger orderReads = new AtomicInteger();
    private final AtomicInteger finalizeCalls = new AtomicInteger();
    private volatile boolean claimValidOnTrigger;

    ScriptedIssuer(Issuer delegate) {
        this.delegate = delegate;
    }

    /** The next {@code count} new orders are refused as rate-limited until {@code retryAfter}. */
    void rateLimitNext(int count, Supplier<Instant> retryAfter) {
        this.retryAfter = retryAfter;
        rateLimited.set(count);
    }

    /** From now on every trigger answers {@code VALID}, whatever the CA said (a CA whose answers run ahead). */
    void claimValidOnTrigger() {
        claimValidOnTrigger = true;
    }

    /** How many times the engine read an order since this issuer was created. */
    int orderReads() {
        return orderReads.get();
    }

    /** How many times the engine sent a CSR since this issuer was created. */
    int finalizeCalls() {
        return finalizeCalls.get();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public IssuerSession open(IssuerContext context) {
        IssuerSession s = delegate.open(context);
        return new IssuerSession() {
            @Override
            public IssuerOrder newOrder(OrderSpec spec) {
                if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new RateLimitedException("too many certificates for " + spec.names(), null,
                            retryAfter.get(), null);
                }
                return s.newOrder(spec);
            }

            @Override
            public IssuerOrder order(String orderUrl) {
                orderReads.incrementAndGet();
                return s.order(orderUrl);
            }

            @Override
            public List<AuthorizationState> authorizations(List<String> authorizationUrls) {
                return s.authorizations(authorizationUrls);
            }

            @Override
            public dev.certpilot.spi.AuthorizationStatus trigger(String challengeUrl) {
                dev.certpilot.spi.AuthorizationStatus answer = s.trigger(challengeUrl);
                return claimValidOnTrigger ? dev.certpilot.spi.AuthorizationStatus.VALID : answer;
            }

            @Override
            public dev.certpilot.spi.OrderStatus finalizeOrder(String orderUrl, byte[] csrDer) {
                finalizeCalls.incrementAndGet();
                return s.finalizeOrder(orderUrl, csrDer);
            }

            @Override
            public IssuedChain download(String orderUrl) {
                return s.download(orderUrl);
            }

            @Override
            public Optional<RenewalWindow> renewalInfo(X509Certificate certificate) {
                return s.renewalInfo(certificate);
            }

            @Override
            public void revoke(X509Certificate certificate, int reason) {
                s.revoke(certificate, reason);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }
}
