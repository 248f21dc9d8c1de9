package dev.certpilot.samples.bench;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.Checkpoints;
import dev.certpilot.InMemoryCertificateStore;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.KeyProtection;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.testca.AcmeTestEnvironment;
import java.time.Duration;
import java.util.List;

/**
 * certpilot's {@link CertificateManager} as a workload: every certificate is a full durable job (stored request,
 * routing, order, TXT records published and checked at the DNS server, challenges, key generation and
 * encryption, finalize, download, stored certificate, events), with the library's defaults except for the
 * environment's DNS server, a parallelism matching the benchmark's concurrency, the store (in memory unless given)
 * and an ephemeral KEK (the same encryption work whatever the store).
 */
final class ManagerWorkload implements IssuanceWorkload {

    private final CertificateManager manager;
    private final String name;

    private ManagerWorkload(CertificateManager manager, String name) {
        this.manager = manager;
        this.name = name;
    }

    /** A started manager on {@code environment} with the in-memory store, able to run {@code concurrency} jobs. */
    static ManagerWorkload open(AcmeTestEnvironment environment, int concurrency) {
        return open(environment, concurrency, new InMemoryCertificateStore(), "certpilot", Checkpoints.ESSENTIAL);
    }

    /**
     * A started manager on {@code environment} keeping everything in {@code store} (writing {@code checkpoints}),
     * able to run {@code concurrency} jobs at once, reported as {@code name}.
     */
    static ManagerWorkload open(AcmeTestEnvironment environment, int concurrency, CertificateStore store,
                                String name, Checkpoints checkpoints) {
        InMemoryDnsProvider dns = new InMemoryDnsProvider().onChange((record, added) -> {
            if (added) {
                environment.dns().addTxt(record.fqdn(), record.value());
            } else {
                environment.dns().removeTxt(record.fqdn(), record.value());
            }
        });
        CertificateManager manager = CertificateManager.builder()
                .issuer(AcmeIssuer.at(environment.directoryUrl()).name(environment.name())
                        .trustStore(environment.trustStore()).agreeToTermsOfService()
                        .parallelism(Math.max(concurrency, 1)).build())
                .dns("test", dns)
                .propagation(PropagationSettings.builder().resolver(environment.dnsAddress())
                        .nameservers(environment.dnsAddress()).build())
                .maxConcurrentJobs(Math.max(concurrency, 1))
                .store(store)
                .checkpoints(checkpoints)
                .keyProtection(KeyProtection.ephemeral())
                .build();
        manager.start();
        return new ManagerWorkload(manager, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void issue(List<String> names) {
        manager.request(CertificateRequest.forDomains(names).build()).awaitIssued(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        manager.close();
    }
}
