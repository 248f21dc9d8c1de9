package dev.certpilot.it;

import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import dev.certpilot.testca.TestDnsControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS provider that writes into a test environment's DNS server (the bundled test DNS server, or
 * pebble-challtestsrv through its management API), and remembers every call for assertions.
 */
final class EnvironmentDnsProvider implements DnsChallengeProvider {

    private final TestDnsControl dns;
    final List<String> calls = new CopyOnWriteArrayList<>();

    EnvironmentDnsProvider(TestDnsControl dns) {
        this.dns = dns;
    }

    @Override
    public void present(ChallengeRecord record) {
        calls.add("present " + record.fqdn() + " " + record.value());
        dns.addTxt(record.fqdn(), record.value());
    }

    @Override
    public void cleanup(ChallengeRecord record) {
        calls.add("cleanup " + record.fqdn() + " " + record.value());
        dns.removeTxt(record.fqdn(), record.value());
    }

    @Override
    public String toString() {
        return "EnvironmentDnsProvider";
    }
}
