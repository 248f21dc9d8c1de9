package dev.certpilot.testca.internal;

import dev.certpilot.testca.CaEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs challenge validations: inline on the triggering request when no delay is configured (so the answer to the
 * trigger already shows the outcome and clients never poll), otherwise on a scheduler after a (random) delay; retries
 * failed attempts as configured; then settles the challenge, its authorization and the orders using it.
 */
final class ValidationRunner implements AutoCloseable {
    private final CaContext ctx;
    private final Validator validator;
    private final ScheduledExecutorService scheduler;

    ValidationRunner(CaContext ctx) {
        this.ctx = ctx;
        this.validator = new Validator(ctx.settings.dnsResolver(), ctx.settings.httpPort());
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "test-ca-validation");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts validating a challenge already set to processing, for the account key {@code thumbprint}. */
    void start(Challenge challenge, String thumbprint) {
        String keyAuthorization = challenge.token + "." + thumbprint;
        Duration delay = delay();
        if (delay.isZero()) {
            attempt(challenge, keyAuthorization, 1);
        } else {
            scheduler.schedule(() -> attempt(challenge, keyAuthorization, 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} on the CA's scheduler after {@code delay}. */
    void later(Runnable task, Duration delay) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration delay() {
        CaSettings s = ctx.settings;
        long min = s.validationDelayMin().toMillis();
        long max = s.validationDelayMax().toMillis();
        if (max <= min) {
            return Duration.ofMillis(min);
        }
        synchronized (ctx.random) {
            return Duration.ofMillis(min + (long) (ctx.random.nextDouble() * (max - min)));
        }
    }

    private void attempt(Challenge challenge, String keyAuthorization, int attempt) {
        Problem problem;
        try {
            problem = validator.validate(challenge.type, challenge.authz.identifier, challenge.token,
                    keyAuthorization);
        } catch (RuntimeException e) {
            problem = Problem.of("serverInternal", 500, "validation failed: " + e);
        }
        if (problem != null && attempt < ctx.settings.validationAttempts()) {
            scheduler.schedule(() -> attempt(challenge, keyAuthorization, attempt + 1),
                    ctx.settings.validationRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        settle(challenge, problem);
    }

    private void settle(Challenge challenge, Problem problem) {
        Authorization authz = challenge.authz;
        Instant now = ctx.now();
        List<String> ids;
        synchronized (ctx.store) {
            ids = List.of((authz.wildcard ? "*." : "") + authz.identifier.value());
            if (problem == null) {
                challenge.status = "valid";
                challenge.validated = now;
                authz.status = "valid";
                authz.expires = now.plus(ctx.settings.validAuthzLifetime());
            } else {
                challenge.status = "invalid";
                challenge.error = problem;
                authz.status = "invalid";
                Problem sub = Problem.about(new Identifier(authz.identifier.type(), ids.get(0)), problem.type(),
                        problem.detail());
                for (Order order : authz.orders) {
                    String status = order.status(now);
                    if ("pending".equals(status) || "invalid".equals(status) && order.error == null) {
                        order.error = new Problem(problem.type(), "Validation of " + ids.get(0) + " failed", 403,
                                null, List.of(sub));
                    }
                }
                ctx.limits.recordFailedAuthorization(authz.accountId, authz.identifier, now);
            }
        }
        if (problem == null) {
            ctx.event(CaEvent.Type.CHALLENGE_VALIDATED, authz.accountId, ids, null, challenge.type);
        } else {
            ctx.event(CaEvent.Type.CHALLENGE_FAILED, authz.accountId, ids, null,
                    challenge.type + ": " + problem.type() + ": " + problem.detail());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
