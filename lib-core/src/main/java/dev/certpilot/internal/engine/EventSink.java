package dev.certpilot.internal.engine;

import dev.certpilot.CertificateEvent;
import dev.certpilot.CertificateListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands stored events to the registered listeners and to the log. A failing listener never disturbs the engine. */
public final class EventSink {

    private static final Logger LOG = LoggerFactory.getLogger("dev.certpilot.events");

    private final List<CertificateListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener. */
    public void add(CertificateListener listener) {
        listeners.add(listener);
    }

    /** Delivers events that were stored (they carry their sequence). */
    public void deliver(List<CertificateEvent> events) {
        for (CertificateEvent e : events) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} {}", e.type().code(), e.certificateId(), e.details());
            }
            for (CertificateListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.warn("Certificate listener {} failed on {}", l, e.type().code(), ex);
                }
            }
        }
    }
}
