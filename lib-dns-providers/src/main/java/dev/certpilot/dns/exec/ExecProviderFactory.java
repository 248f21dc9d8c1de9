package dev.certpilot.dns.exec;

import dev.certpilot.dns.internal.ProviderFactorySupport;
import dev.certpilot.dns.internal.ProviderProperties;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.ProviderOption;
import java.util.List;

/**
 * Creates {@link ExecDnsProvider}s by name {@code exec}, with lego's options without the {@code EXEC_} prefix:
 * {@code path}, {@code mode} (only the default; {@code RAW} is refused), and certpilot's {@code timeout}.
 */
public final class ExecProviderFactory extends ProviderFactorySupport {

    private static final List<ProviderOption> OPTIONS = List.of(
            ProviderOption.required("path", "the program, called with present|cleanup <fqdn>. <value>"),
            ProviderOption.optional("mode", "empty for lego's default mode; RAW is not supported"),
            ProviderOption.optional("timeout", "seconds one call may run before it is killed (default 120)"));

    /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
    public ExecProviderFactory() {
        super(ExecDnsProvider.NAME, OPTIONS);
    }

    /** Creates a provider from the properties. */
    @Override
    protected DnsChallengeProvider create(ProviderProperties p) {
        if (p.optional("mode").isPresent()) {
            throw p.invalid("mode", "RAW is not supported: certpilot passes the TXT value, not the key authorization");
        }
        ExecDnsProvider.Builder b = ExecDnsProvider.builder();
        p.apply("path", () -> b.program(p.path("path").orElseThrow()).build());
        p.seconds("timeout").ifPresent(b::timeout);
        return b.build();
    }
}
