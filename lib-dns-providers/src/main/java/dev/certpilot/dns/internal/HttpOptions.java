package dev.certpilot.dns.internal;

import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.spi.ProviderOption;
import java.util.ArrayList;
import java.util.List;

/** The string options every HTTP provider's factory understands besides its own, with lego's names. */
public final class HttpOptions {

    /** {@code httpTimeout}: seconds to wait for one response (lego's {@code *_HTTP_TIMEOUT}). */
    public static final ProviderOption HTTP_TIMEOUT =
            ProviderOption.optional("httpTimeout", "API request timeout in seconds (default 30)");

    private HttpOptions() {
    }

    /** The provider's own options followed by the common HTTP options. */
    public static List<ProviderOption> with(ProviderOption... own) {
        List<ProviderOption> all = new ArrayList<>(List.of(own));
        all.add(HTTP_TIMEOUT);
        return List.copyOf(all);
    }

    /** Applies the common HTTP options found in {@code props} to {@code builder}. */
    public static void apply(ProviderProperties props, HttpProviderBuilder<?, ?> builder) {
        props.seconds(HTTP_TIMEOUT.name()).ifPresent(builder::requestTimeout);
    }
}
