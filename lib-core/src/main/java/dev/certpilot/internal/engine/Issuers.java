package dev.certpilot.internal.engine;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.spi.Issuer;
import dev.certpilot.spi.IssuerContext;
import dev.certpilot.spi.IssuerSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured issuers in fallback order, with their sessions opened on first use (a CA that is down when the
 * manager starts does not stop it from starting; the first job that needs it finds out).
 */
public final class Issuers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Issuers.class);

    private final Map<String, Issuer> byName = new LinkedHashMap<>();
    private final IssuerContext context;
    private final Map<String, IssuerSession> sessions = new ConcurrentHashMap<>();

    /** Issuers in fallback order; names must be unique. */
    public Issuers(List<Issuer> issuers, IssuerContext context) {
        for (Issuer i : issuers) {
            if (byName.putIfAbsent(i.name(), i) != null) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "two issuers are named '" + i.name() + "'");
            }
        }
        this.context = context;
    }

    /** Whether an issuer has this name. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The issuer names in fallback order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The issuer to try after {@code current}, unless the request pinned one. */
    public Optional<String> next(String current) {
        List<String> names = names();
        int i = names.indexOf(current);
        return i >= 0 && i + 1 < names.size() ? Optional.of(names.get(i + 1)) : Optional.empty();
    }

    /** The open session of an issuer, opening it now if needed. */
    public IssuerSession session(String name) {
        IssuerSession s = sessions.get(name);
        if (s != null) {
            return s;
        }
        Issuer issuer = byName.get(name);
        if (issuer == null) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "no issuer is named '" + name + "'");
        }
        synchronized (issuer) {
            return sessions.computeIfAbsent(name, n -> issuer.open(context));
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing an issuer session failed", e);
            }
        });
        sessions.clear();
    }
}
