package dev.certpilot.spi;

import java.util.List;
import java.util.Map;

/**
 * Creates a {@link DnsChallengeProvider} from a name and string properties, so configuration layers (Spring, a
 * CLI, a properties file) can set up any provider without code.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.certpilot.spi.DnsProviderFactory}. Users go through
 * {@link dev.certpilot.DnsProviders#byName(String, Map)}, which checks required and unknown properties against
 * {@link #options()} before calling {@link #create(Map)}.
 */
public interface DnsProviderFactory {

    /** The provider's name, lower case, as lego names it where lego has it (e.g. {@code cloudflare}, {@code rfc2136}). */
    String name();

    /** Every property the provider understands. */
    List<ProviderOption> options();

    /**
     * Creates a provider. Properties are already checked against {@link #options()} for presence and unknown names;
     * the factory checks values and throws {@link dev.certpilot.CertpilotException} with code
     * {@code INVALID_REQUEST} naming the property (never its value when it is a secret).
     */
    DnsChallengeProvider create(Map<String, String> properties);
}
