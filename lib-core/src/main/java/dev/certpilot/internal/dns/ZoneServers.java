package dev.certpilot.internal.dns;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A zone and the addresses of its authoritative nameservers.
 *
 * @param zone    the zone apex, normalized
 * @param servers where to ask authoritative questions about names in the zone
 */
public record ZoneServers(String zone, List<InetSocketAddress> servers) {

    /** Copies the list. */
    public ZoneServers {
        servers = List.copyOf(servers);
    }
}
