package dev.certpilot.testca.it;

import dev.certpilot.testca.PebbleLauncher;

/**
 * Starts Pebble, prints where it listens and exits without closing it: {@code PebbleLauncherTest} runs this in a
 * separate JVM to check that the shutdown hook stops both programs and removes the work directory.
 */
public final class ForgetfulPebbleMain {

    private ForgetfulPebbleMain() {
    }

    /** Prints the ACME port, the DNS management port and the work directory, one per line, then returns. */
    public static void main(String[] args) {
        PebbleLauncher.Running pebble = PebbleLauncher.builder().start();
        System.out.println(pebble.directoryUrl().getPort());
        System.out.println(pebble.dnsManagementUrl().getPort());
        System.out.println(pebble.workDirectory());
    }
}
