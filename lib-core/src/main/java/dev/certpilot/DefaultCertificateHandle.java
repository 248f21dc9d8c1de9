package dev.certpilot;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The {@link CertificateHandle} of {@link DefaultCertificateManager}. */
final class DefaultCertificateHandle implements CertificateHandle {

    private final String id;
    private final CompletableFuture<ManagedCertificate> future;
    private final Supplier<CertificateState> state;

    DefaultCertificateHandle(String id, CompletableFuture<ManagedCertificate> future, Supplier<CertificateState> state) {
        this.id = id;
        this.future = future;
        this.state = state;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CertificateState state() {
        return state.get();
    }

    @Override
    public CompletableFuture<ManagedCertificate> future() {
        return future;
    }

    @Override
    public ManagedCertificate awaitIssued(Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertpilotException(ErrorCode.TIMEOUT, "interrupted while waiting for certificate " + id, e);
        } catch (TimeoutException e) {
            throw new CertpilotException(ErrorCode.TIMEOUT, "certificate " + id + " is still " + state()
                    + " after " + timeout + "; the job goes on", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CertpilotException c) {
                throw c;
            }
            throw new CertpilotException(ErrorCode.CA_ERROR, "certificate " + id + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public String toString() {
        return "CertificateHandle[" + id + ", done=" + future.isDone() + "]";
    }
}
