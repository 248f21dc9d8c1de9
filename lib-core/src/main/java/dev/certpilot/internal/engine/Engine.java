package dev.certpilot.internal.engine;

import dev.certpilot.Checkpoints;
import dev.certpilot.KeyProtection;
import dev.certpilot.PropagationSettings;
import dev.certpilot.internal.dns.Authority;
import dev.certpilot.internal.dns.DnsClient;
import dev.certpilot.internal.dns.DnsRouter;
import dev.certpilot.internal.lifecycle.Distributor;
import dev.certpilot.internal.lifecycle.HealthTracker;
import dev.certpilot.internal.lifecycle.RenewalPlanner;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.Scheduler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Everything a job needs, shared by all jobs of one manager.
 *
 * @param store          the store
 * @param keyProtection  encrypts private keys
 * @param clock          the manager's clock
 * @param scheduler      runs delayed continuations
 * @param executor       runs job steps (may block on I/O)
 * @param fanOut         runs the parallel parts of a step (one DNS call per record name, one trigger per
 *                       challenge); must not be the same bounded pool as {@code executor}
 * @param issuers        the issuers in fallback order
 * @param router         name to zone and provider
 * @param propagation    propagation settings
 * @param dns            the DNS client
 * @param resolver       the resolver discovery starts from
 * @param instanceId     this manager instance, the owner of its leases
 * @param leaseDuration  how long a claimed job stays claimed without a heartbeat
 * @param orderTimeout   how long to wait for the CA to validate or issue
 * @param events         delivers events to listeners
 * @param jobListener    told when a job finishes
 * @param planner        computes when certificates are due for renewal, and the backoff after failures
 * @param health         announces health changes
 * @param distributor    delivers issued certificates to their distribution targets
 * @param checkpoints    which steps of a job are written as they are reached
 */
public record Engine(CertificateStore store, KeyProtection keyProtection, Clock clock, Scheduler scheduler,
                     Executor executor, Executor fanOut, Issuers issuers, DnsRouter router,
                     PropagationSettings propagation, DnsClient dns, InetSocketAddress resolver, String instanceId,
                     Duration leaseDuration, Duration orderTimeout, EventSink events, JobListener jobListener,
                     RenewalPlanner planner, HealthTracker health, Distributor distributor,
                     Checkpoints checkpoints) {

    /** A fresh authority finder (its cache lives as long as one job run). */
    public Authority authority() {
        return new Authority(dns, resolver, propagation.nameserverPort());
    }
}
