package dev.certpilot.testca.internal;

import dev.certpilot.testca.internal.dns.IpLiterals;
import java.net.InetAddress;

/** Argument checks shared by the public builders. */
public final class Args {
    private Args() {
    }

    /** @throws IllegalArgumentException unless {@code 0 <= port <= 65535} */
    public static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    /** The address of an IP literal. @throws IllegalArgumentException when {@code ip} is none */
    public static InetAddress ip(String ip) {
        InetAddress a = IpLiterals.parseAny(ip);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
        return a;
    }
}
