package dev.certpilot.it;

import dev.certpilot.testca.AcmeTestEnvironment;
import dev.certpilot.testca.PebbleLauncher;
import dev.certpilot.testca.it.ExternalTools;

/**
 * The manager suite against real Pebble 2.4 + pebble-challtestsrv from Debian (5 % rejected nonces, 50 % reused
 * authorizations, no validation sleep). Skipped without Pebble, failed instead under
 * {@code CERTPILOT_REQUIRE_EXTERNAL=1}.
 */
class PebbleManagerIssuanceTest extends ManagerIssuanceSuite {

    @Override
    protected AcmeTestEnvironment startEnvironment() {
        ExternalTools.require("Pebble 2.4 (/usr/bin/pebble)", PebbleLauncher.isAvailable(), "apt-get install -y pebble");
        return PebbleLauncher.builder().start();
    }
}
