package dev.certpilot.internal.engine;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.internal.Checks;
import dev.certpilot.spi.CertificateRecord;
import dev.certpilot.spi.CertificateStore;

/** Reading a certificate that must exist. */
public final class Lookups {

    private Lookups() {
    }

    /** The certificate with this id. @throws CertpilotException {@code CERTIFICATE_NOT_FOUND} */
    public static CertificateRecord certificate(CertificateStore store, String id) {
        return store.findCertificate(id).orElseThrow(() -> notFound(id));
    }

    /** The {@code CERTIFICATE_NOT_FOUND} exception for an id. */
    public static CertpilotException notFound(String id) {
        return new CertpilotException(ErrorCode.CERTIFICATE_NOT_FOUND, "no certificate has the id '"
                + Checks.abbreviate(id) + "'");
    }
}
