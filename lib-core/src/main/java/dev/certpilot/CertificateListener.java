package dev.certpilot;

/**
 * Receives every event the manager records, after it is stored. Listeners run on the manager's threads: keep
 * them quick and never block; an exception thrown by a listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface CertificateListener {

    /** Called once per recorded event. */
    void onEvent(CertificateEvent event);
}
