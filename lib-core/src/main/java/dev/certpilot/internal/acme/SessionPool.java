package dev.certpilot.internal.acme;

import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.provider.AcmeProvider;

/**
 * A pool of acme4j {@link Login}s, each on its own {@link Session}. acme4j holds a session's nonce lock for the
 * whole duration of a request, so one session serializes every request made through it; a pool lets concurrent
 * jobs talk to the CA in parallel. Sessions share one {@code HttpClient} (through the provider), so connections
 * are pooled too. Each session keeps its nonce between requests, which saves a {@code newNonce} round trip.
 */
final class SessionPool {

    private final URI directory;
    private final AcmeProvider provider;
    private final KeyPair accountKey;
    private final URL accountUrl;
    private final BlockingQueue<Login> idle;
    private final Semaphore permits;

    SessionPool(URI directory, AcmeProvider provider, KeyPair accountKey, URL accountUrl, int size, Login first) {
        this.directory = directory;
        this.provider = provider;
        this.accountKey = accountKey;
        this.accountUrl = accountUrl;
        this.idle = new ArrayBlockingQueue<>(size);
        this.permits = new Semaphore(size);
        if (first != null) {
            idle.add(first);
        }
    }

    /** Runs {@code body} with a login no other thread uses at the same time. */
    <T> T with(AcmeCall<T> body) throws Exception {
        permits.acquire();
        Login login = idle.poll();
        try {
            if (login == null) {
                login = new Login(accountUrl, accountKey, new Session(directory, provider));
            }
            return body.call(login);
        } finally {
            if (login != null) {
                idle.offer(login);
            }
            permits.release();
        }
    }

    /** A call that needs a login. */
    @FunctionalInterface
    interface AcmeCall<T> {
        T call(Login login) throws Exception;
    }
}
