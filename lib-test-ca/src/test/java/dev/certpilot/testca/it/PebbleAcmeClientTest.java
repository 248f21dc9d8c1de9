package dev.certpilot.testca.it;

import dev.certpilot.testca.AcmeTestEnvironment;

/**
 * {@link AcmeClientSuite} against real Pebble 2.4 + pebble-challtestsrv from Debian, with Pebble's own habits
 * (5 % rejected nonces, 50 % reused authorizations) and no validation sleep. Skipped when Pebble is not
 * installed, failed instead under {@code CERTPILOT_REQUIRE_EXTERNAL=1} (see {@link ExternalTools}).
 */
class PebbleAcmeClientTest extends AcmeClientSuite {

    @Override
    protected AcmeTestEnvironment start(EnvironmentOptions options) {
        return PebbleEnvironments.start(options);
    }
}
