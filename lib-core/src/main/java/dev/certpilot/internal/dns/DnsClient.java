package dev.certpilot.internal.dns;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * Sends single DNS queries to a chosen server with dnsjava: UDP first, TCP when the answer is truncated, without
 * blocking a thread while waiting (dnsjava's NIO client). One {@link SimpleResolver} per server is reused.
 */
public final class DnsClient {

    private final Duration timeout;
    private final Map<InetSocketAddress, SimpleResolver> resolvers = new ConcurrentHashMap<>();

    /** A client whose queries time out after {@code timeout}. */
    public DnsClient(Duration timeout) {
        this.timeout = timeout;
    }

    /** The per-query timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Asks {@code server} for records of {@code type} at {@code name}.
     *
     * @param recursion whether to set the recursion-desired flag (off when asking an authoritative server)
     */
    public CompletableFuture<Message> query(InetSocketAddress server, String name, int type, boolean recursion) {
        Message query = Message.newQuery(Record.newRecord(toName(name), type, DClass.IN));
        if (!recursion) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        SimpleResolver resolver = resolvers.computeIfAbsent(server, s -> {
            SimpleResolver r = new SimpleResolver(s);
            r.setTimeout(timeout);
            return r;
        });
        return resolver.sendAsync(query).toCompletableFuture();
    }

    /**
     * {@link #query} and wait for the answer.
     *
     * @throws DnsQueryException when no answer arrives (timeout, network error)
     */
    public Message queryBlocking(InetSocketAddress server, String name, int type, boolean recursion) {
        try {
            return query(server, name, type, recursion).get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsQueryException("interrupted while asking " + server + " about " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new DnsQueryException("no answer from " + server.getAddress().getHostAddress() + ":" + server.getPort()
                    + " about " + name + " (" + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    /** An absolute dnsjava name for a normalized name. */
    public static Name toName(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "not a DNS name: " + name, e);
        }
    }

    /** A normalized name (lower case, no trailing dot) from a dnsjava name. */
    public static String fromName(Name name) {
        return name.toString(true).toLowerCase(java.util.Locale.ROOT);
    }

    /** A DNS query got no usable answer (timeout, network error). */
    public static final class DnsQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DnsQueryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
