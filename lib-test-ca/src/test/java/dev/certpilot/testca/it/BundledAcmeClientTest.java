package dev.certpilot.testca.it;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.RateLimits;
import dev.certpilot.testca.TestCa;

/**
 * {@link AcmeClientSuite} against the bundled in-process CA, with Pebble's habits (5 % rejected nonces, 50 % reused
 * authorizations) and Let's Encrypt-shaped rate limits, so every capability is exercised.
 */
class BundledAcmeClientTest extends AcmeClientSuite {

    @Override
    protected AcmeTestEnvironment start(EnvironmentOptions options) {
        TestCa.Builder ca = TestCa.builder().nonceRejectPercent(5).authzReusePercent(50)
                .rateLimits(RateLimits.letsEncrypt());
        options.externalAccountBinding().ifPresent(key -> ca.eab(key.keyId(), key.hmacKeyBase64url()).eabRequired(true));
        return ca.start();
    }
}
