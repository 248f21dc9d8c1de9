package dev.certpilot.dns.rfc2136;

import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link Rfc2136DnsProvider}s by name {@code rfc2136}, with lego's options without the {@code RFC2136_}
 * prefix: {@code nameserver}, {@code tsigKey} + {@code tsigSecret} + {@code tsigAlgorithm} or {@code tsigFile},
 * {@code zones}, {@code dnsTimeout}.
 */
public final class Rfc2136ProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = List.of(
            ProviderOption.required("nameserver", "primary nameserver, host or host:port (port 53 by default)"),
            ProviderOption.optional("tsigKey", "TSIG key name as the server knows it"),
            new ProviderOption("tsigSecret", false, true, "TSIG secret, base64"),
            ProviderOption.optional("tsigAlgorithm", "TSIG algorithm (default hmac-sha256)"),
            ProviderOption.optional("tsigFile", "file written by tsig-keygen, instead of tsigKey/tsigSecret"),
            ProviderOption.optional("zones", "comma-separated zones updates may go to (default: found by SOA)"),
            ProviderOption.optional("dnsTimeout", "seconds to wait for the server's answer (default 10)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public Rfc2136ProviderFactory() {
        super(Rfc2136DnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        Rfc2136DnsProvider.Builder b = Rfc2136DnsProvider.builder();
        p.apply("nameserver", () -> b.nameserver(p.required("nameserver")));
        if (p.optional("tsigFile").isPresent()) {
            if (p.optional("tsigKey").isPresent() || p.optional("tsigSecret").isPresent()) {
                throw p.invalid("tsigFile", "replaces tsigKey and tsigSecret: give one or the other");
            }
            p.apply("tsigFile", () -> b.tsigFile(p.path("tsigFile").orElseThrow()));
        } else if (p.optional("tsigKey").isPresent() || p.optional("tsigSecret").isPresent()) {
            String keyName = p.required("tsigKey");
            String secret = p.required("tsigSecret");
            p.apply("tsigSecret", () -> b.tsigKey(keyName, p.optional("tsigAlgorithm").orElse(null), secret));
        }
        b.zones(p.list("zones"));
        p.seconds("dnsTimeout").ifPresent(b::timeout);
        return b.build();
    }
}
