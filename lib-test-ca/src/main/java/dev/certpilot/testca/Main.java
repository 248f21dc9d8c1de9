package dev.certpilot.testca;

import dev.certpilot.testca.internal.dns.IpLiterals;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone launcher of the test CA and its DNS server, with Pebble's habits:
 *
 * <pre>
 * java -jar certpilot-test-ca-VERSION-standalone.jar --acme 127.0.0.1:14000 --management 127.0.0.1:15000 \
 *      --dns 127.0.0.1:8053 --dns-management 127.0.0.1:8055 --tls-root-out root.pem
 * </pre>
 *
 * <p>Prints the directory URL and the other addresses, then runs until killed. {@code --help} lists every flag.
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "Usage: java -jar certpilot-test-ca-standalone.jar [flags]",
            "  --acme HOST:PORT            ACME HTTPS listener (default 127.0.0.1:14000; port 0 = free)",
            "  --management HOST:PORT|off  Pebble-style management API, HTTPS, same host as --acme (default port 15000)",
            "  --dns HOST:PORT             test DNS server, UDP+TCP (default 127.0.0.1:8053)",
            "  --dns-management HOST:PORT|off  challtestsrv-compatible API, plain HTTP (default 127.0.0.1:8055)",
            "  --dns-zone ZONE             zone the DNS server is authoritative for (repeatable; default: any name)",
            "  --dns-default-ipv4 IP|off   A answer for names without A records (default 127.0.0.1, as challtestsrv)",
            "  --dns-default-ipv6 IP|off   AAAA answer for names without AAAA records (default off)",
            "  --dns-resolver HOST:PORT    validate against this resolver instead of starting a DNS server",
            "  --tls-root-out FILE         write the TLS root (PEM) clients must trust",
            "  --seed N                    seed of every random choice",
            "  --nonce-reject PCT          share of good nonces rejected with badNonce (default 0; Pebble 5)",
            "  --authz-reuse PCT           share of authorizations reused (default 0; Pebble 50)",
            "  --pebble-like               Pebble's defaults: 5 % nonce rejection, 50 % reuse, 0-5 s validation delay",
            "  --validation-delay D[..D]   delay before each validation, fixed or a random range (e.g. 0s..5s)",
            "  --eab KID:HMAC_B64URL       external account binding key (repeatable)",
            "  --eab-required              newAccount requires EAB",
            "  --validity D                validity of the default profile (e.g. 90d, 160h, PT10M)",
            "  --profile NAME=D            add or change a profile",
            "  --default-profile NAME      profile used when an order names none (default classic)",
            "  --chains N                  chains per certificate (default 2)",
            "  --http-port N               port http-01 validations connect to (default 5002)",
            "  --rate-limits none|letsencrypt  simulated rate limits (default none)",
            "  --help                      this text");

    private Main() {
    }

    /** Runs until the process is killed. Exit status 2 for bad flags. */
    public static void main(String[] args) throws InterruptedException {
        // the jar ships no SLF4J binding on purpose; don't greet every run with slf4j's warning about it
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        TestCa running;
        try {
            running = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (running == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "test-ca-shutdown"));
        stopped.await();
    }

    /**
     * Parses the flags, starts the CA (and its DNS server) and prints the addresses; null after {@code --help}.
     *
     * @throws IllegalArgumentException for bad flags
     */
    static TestCa start(String[] args, PrintStream out) {
        TestCa.Builder ca = TestCa.builder();
        InetSocketAddress acme = address("127.0.0.1:14000");
        String management = "127.0.0.1:15000";
        InetSocketAddress dnsAddress = address("127.0.0.1:8053");
        String dnsManagement = "127.0.0.1:8055";
        String defaultIpv4 = "127.0.0.1";
        String defaultIpv6 = "off";
        List<String> zones = new ArrayList<>();
        InetSocketAddress resolver = null;
        Path tlsRootOut = null;
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String flag = list.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                out.println(USAGE);
                return null;
            }
            boolean noValue = flag.equals("--pebble-like") || flag.equals("--eab-required");
            if (!noValue && !USAGE.contains("  " + flag + " ")) {
                throw new IllegalArgumentException("unknown flag " + flag);
            }
            if (!noValue && i + 1 >= list.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = noValue ? "" : list.get(++i);
            switch (flag) {
                case "--acme" -> acme = address(v);
                case "--management" -> management = v;
                case "--dns" -> dnsAddress = address(v);
                case "--dns-management" -> dnsManagement = v;
                case "--dns-zone" -> zones.add(v);
                case "--dns-default-ipv4" -> defaultIpv4 = v;
                case "--dns-default-ipv6" -> defaultIpv6 = v;
                case "--dns-resolver" -> resolver = address(v);
                case "--tls-root-out" -> tlsRootOut = Path.of(v);
                case "--seed" -> ca.seed(Long.parseLong(v));
                case "--nonce-reject" -> ca.nonceRejectPercent(Integer.parseInt(v));
                case "--authz-reuse" -> ca.authzReusePercent(Integer.parseInt(v));
                case "--pebble-like" -> ca.pebbleLike();
                case "--validation-delay" -> {
                    String[] range = v.split("\\.\\.");
                    ca.validationDelay(duration(range[0]), duration(range[range.length - 1]));
                }
                case "--eab" -> {
                    int colon = v.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("--eab needs KID:HMAC_B64URL");
                    }
                    ca.eab(v.substring(0, colon), v.substring(colon + 1));
                }
                case "--eab-required" -> ca.eabRequired(true);
                case "--validity" -> ca.defaultValidity(duration(v));
                case "--profile" -> {
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--profile needs NAME=DURATION");
                    }
                    ca.profile(v.substring(0, eq), duration(v.substring(eq + 1)));
                }
                case "--default-profile" -> ca.defaultProfile(v);
                case "--chains" -> ca.chains(Integer.parseInt(v));
                case "--http-port" -> ca.httpPort(Integer.parseInt(v));
                case "--rate-limits" -> ca.rateLimits(switch (v.toLowerCase(Locale.ROOT)) {
                    case "none" -> RateLimits.none();
                    case "letsencrypt" -> RateLimits.letsEncrypt();
                    default -> throw new IllegalArgumentException("--rate-limits is none or letsencrypt");
                });
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        ca.host(acme.getAddress().getHostAddress()).port(acme.getPort());
        if (management.equalsIgnoreCase("off")) {
            ca.noManagement();
        } else {
            InetSocketAddress m = address(management);
            if (!m.getAddress().equals(acme.getAddress())) {
                throw new IllegalArgumentException("--management must use the same host as --acme");
            }
            ca.managementPort(m.getPort());
        }
        if (resolver != null) {
            ca.dnsResolver(resolver);
        } else {
            TestDnsServer.Builder b = TestDnsServer.builder().address(dnsAddress.getAddress().getHostAddress())
                    .port(dnsAddress.getPort());
            if (dnsManagement.equalsIgnoreCase("off")) {
                b.noManagement();
            } else {
                InetSocketAddress dm = address(dnsManagement);
                b.managementAddress(dm.getAddress().getHostAddress()).managementPort(dm.getPort());
            }
            if (!defaultIpv4.equalsIgnoreCase("off")) {
                b.defaultIpv4(defaultIpv4);
            }
            if (!defaultIpv6.equalsIgnoreCase("off")) {
                b.defaultIpv6(defaultIpv6);
            }
            zones.forEach(b::zone);
            ca.dns(b);
        }
        TestCa started = ca.start();
        try {
            if (tlsRootOut != null) {
                Files.writeString(tlsRootOut, started.tlsRootPem(), StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            started.close();
            throw new IllegalArgumentException("cannot write " + tlsRootOut + ": " + e.getMessage(), e);
        }
        out.println("certpilot test CA");
        out.println("Directory: " + started.directoryUrl());
        started.managementUrl().ifPresent(u -> out.println("Management: " + u));
        InetSocketAddress dnsBound = started.dnsAddress();
        out.println("DNS: " + dnsBound.getAddress().getHostAddress() + ":" + dnsBound.getPort()
                + (started.dnsServer().isEmpty() ? " (external resolver)" : " (udp+tcp)"));
        started.dnsServer().flatMap(TestDnsServer::managementUrl).ifPresent(u -> out.println("DNS management: " + u));
        if (tlsRootOut != null) {
            out.println("TLS root: " + tlsRootOut.toAbsolutePath());
        }
        out.flush();
        return started;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        var ip = IpLiterals.parseAny(host.equals("localhost") ? "127.0.0.1" : host);
        if (ip == null) {
            throw new IllegalArgumentException("host must be an IP address: " + host);
        }
        return new InetSocketAddress(ip, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Parses {@code 90d}, {@code 160h}, {@code 10m}, {@code 30s}, {@code 500ms} or ISO-8601 ({@code PT10M}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException("bad duration " + text);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad duration " + text + " (use 90d, 160h, 10m, 30s, 500ms or PT10M)",
                    e);
        }
    }
}
