package dev.certpilot.testca.internal.pebble;

/**
 * The loopback ports of one start of Pebble and pebble-challtestsrv, all chosen free at start time.
 *
 * @param acme            Pebble's ACME listener (HTTPS)
 * @param management      Pebble's management listener (HTTPS)
 * @param unusedHttp01    the port Pebble would connect to for http-01 (nothing listens there)
 * @param unusedTlsAlpn01 the port Pebble would connect to for tls-alpn-01 (nothing listens there)
 * @param dns             challtestsrv's DNS server (UDP and TCP)
 * @param dnsManagement   challtestsrv's management API (HTTP)
 */
record PebblePorts(int acme, int management, int unusedHttp01, int unusedTlsAlpn01, int dns, int dnsManagement) {

    /** Asks the operating system for six distinct free loopback ports. */
    static PebblePorts pick() {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int dns = LoopbackPorts.freeTcpAndUdpPort();
        taken.add(dns);
        int[] tcp = new int[5];
        for (int i = 0; i < tcp.length; i++) {
            int port;
            do {
                port = LoopbackPorts.freeTcpPort();
            } while (!taken.add(port));
            tcp[i] = port;
        }
        return new PebblePorts(tcp[0], tcp[1], tcp[2], tcp[3], dns, tcp[4]);
    }
}
