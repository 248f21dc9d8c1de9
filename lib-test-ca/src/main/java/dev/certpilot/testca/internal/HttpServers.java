package dev.certpilot.testca.internal;

/**
 * JDK HTTP server tuning that must happen before the first server is created in the JVM: without TCP_NODELAY the
 * server's separate header and body writes meet the client's delayed ACKs, costing about 40 ms per request.
 */
public final class HttpServers {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private HttpServers() {
    }

    /** Applies the tuning (idempotent; effective only before the JDK server's configuration is first read). */
    public static void configure() {
        // the static initializer did the work
    }
}
