package dev.certpilot.dns.internal;

import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.spi.DnsProviderFactory;
import dev.certpilot.spi.ProviderOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The common part of this module's {@link DnsProviderFactory}s: a fixed name and option list, and properties handed
 * to {@link #create(ProviderProperties)} wrapped with typed getters whose errors name the property.
 */
public abstract class ProviderFactorySupport implements DnsProviderFactory {

    private final String name;
    private final List<ProviderOption> options;

    /**
     * @param name    the provider's name, as lego names it
     * @param options every option it understands
     */
    protected ProviderFactorySupport(String name, List<ProviderOption> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = List.copyOf(options);
    }

    /** The provider's name. */
    @Override
    public final String name() {
        return name;
    }

    /** Every option the provider understands. */
    @Override
    public final List<ProviderOption> options() {
        return options;
    }

    /** Wraps the properties and calls {@link #create(ProviderProperties)}. */
    @Override
    public final DnsChallengeProvider create(Map<String, String> properties) {
        return create(new ProviderProperties(name, options, properties));
    }

    /**
     * Creates the provider.
     *
     * @throws dev.certpilot.CertpilotException {@code INVALID_REQUEST} naming the property at fault
     */
    protected abstract DnsChallengeProvider create(ProviderProperties properties);
}
