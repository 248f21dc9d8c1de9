package dev.certpilot.samples.bench;

import dev.certpilot.CertificateManager;
import dev.certpilot.CertificateRequest;
import dev.certpilot.InMemoryDnsProvider;
import dev.certpilot.PropagationSettings;
import dev.certpilot.acme.AcmeIssuer;
import dev.certpilot.testca.AcmeTestEnvironment;
import java.time.Duration;
import java.util.List;

/**
 * certpilot's {@link CertificateManager} as a workload: every certificate is a full durable job (stored request,
 * routing, order, TXT records published and checked at the DNS server, challenges, key generation and
 * encryption, finalize, download, stored certificate, events), with the library's defaults except for the
 * environment's DNS server and a parallelism matching the benchmark's concurrency.
 */
final class ManagerWorkload implements IssuanceWorkload {

    private final CertificateManager manager;

    private ManagerWorkload(CertificateManager manager) {
        this.manager = manager;
    }

    /** A started manager on {@code environment}, able to run {@code concurrency} jobs at once. */
    static ManagerWorkload open(AcmeTestEnvironment environment, int concurrency) {
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
                .build();
        manager.start();
        return new ManagerWorkload(manager);
    }

    @Override
    public String name() {
        return "certpilot";
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
