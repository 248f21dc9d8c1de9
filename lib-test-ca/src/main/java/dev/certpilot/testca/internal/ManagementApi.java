package dev.certpilot.testca.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.certpilot.testca.RenewalWindow;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pebble's management API: {@code GET /roots/N}, {@code /intermediates/N}, {@code /root-keys/N},
 * {@code /intermediate-keys/N}, {@code /cert-status-by-serial/HEX}, {@code POST /set-renewal-info/}.
 */
final class ManagementApi implements HttpHandler {
    private final CaContext ctx;

    ManagementApi(CaContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            if (path.startsWith("/roots/")) {
                pem(ex, Pem.of(ctx.pki.roots().get(index(path, "/roots/"))));
            } else if (path.startsWith("/intermediates/")) {
                pem(ex, Pem.of(ctx.pki.intermediates().get(index(path, "/intermediates/"))));
            } else if (path.startsWith("/root-keys/")) {
                pem(ex, Pem.of(ctx.pki.rootKey(index(path, "/root-keys/"))));
            } else if (path.startsWith("/intermediate-keys/")) {
                index(path, "/intermediate-keys/");
                pem(ex, Pem.of(ctx.pki.intermediateKey()));
            } else if (path.startsWith("/cert-status-by-serial/")) {
                certStatus(ex, path.substring("/cert-status-by-serial/".length()));
            } else if (path.equals("/set-renewal-info/") || path.equals("/set-renewal-info")) {
                setRenewalInfo(ex);
            } else {
                HttpIo.send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            HttpIo.send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
        } catch (IllegalArgumentException e) {
            HttpIo.send(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private int index(String path, String prefix) {
        int i = Integer.parseInt(path.substring(prefix.length()));
        if (i < 0 || i >= ctx.pki.roots().size()) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    private static void pem(HttpExchange ex, String pem) throws IOException {
        HttpIo.send(ex, 200, "application/pem-certificate-chain; charset=utf-8", pem);
    }

    private void certStatus(HttpExchange ex, String hex) throws IOException {
        BigInteger serial = new BigInteger(hex, 16);
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (ctx.store) {
            IssuedCertificate cert = ctx.store.certificatesBySerial.get(serial);
            if (cert == null) {
                HttpIo.send(ex, 404, null, new byte[0]);
                return;
            }
            m.put("Status", cert.revoked ? "Revoked" : "Valid");
            m.put("Serial", serial.toString(16));
            m.put("Certificate", Pem.of(cert.leaf));
            if (cert.revoked) {
                if (cert.reason != null) {
                    m.put("Reason", cert.reason);
                }
                m.put("RevokedAt", cert.revokedAt.toString());
            }
        }
        HttpIo.send(ex, 200, "application/json; charset=utf-8", Json.write(m));
    }

    private void setRenewalInfo(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.send(ex, 405, null, new byte[0]);
            return;
        }
        Map<String, Object> json = Json.parseObject(new String(HttpIo.readBody(ex, 1 << 20), StandardCharsets.UTF_8));
        Object pem = Json.getIgnoreCase(json, "certificate");
        BigInteger serial;
        if (pem instanceof String p) {
            try {
                X509Certificate cert = Pem.parseCertificate(p);
                serial = cert.getSerialNumber();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot parse certificate: " + e.getMessage());
            }
        } else if (Json.getIgnoreCase(json, "serial") instanceof String s) {
            serial = new BigInteger(s, 16);
        } else {
            throw new IllegalArgumentException("body needs \"Certificate\" (PEM) or \"serial\" (hex)");
        }
        Object raw = Json.getIgnoreCase(json, "ARIResponse");
        RenewalWindow window = null;
        if (!(raw instanceof String)) {
            Object start = Json.getIgnoreCase(json, "start");
            Object end = Json.getIgnoreCase(json, "end");
            if (!(start instanceof String s) || !(end instanceof String e)) {
                throw new IllegalArgumentException("body needs \"ARIResponse\" or \"start\" and \"end\"");
            }
            window = new RenewalWindow(Instant.parse(s), Instant.parse(e));
        }
        if (!setWindow(ctx, serial, window, raw instanceof String r ? r : null)) {
            HttpIo.send(ex, 404, "text/plain; charset=utf-8", "unknown serial\n");
            return;
        }
        HttpIo.send(ex, 200, null, new byte[0]);
    }

    /** Sets the ARI answer of a serial; false when the serial is unknown. */
    static boolean setWindow(CaContext ctx, BigInteger serial, RenewalWindow window, String raw) {
        synchronized (ctx.store) {
            IssuedCertificate cert = ctx.store.certificatesBySerial.get(serial);
            if (cert == null) {
                return false;
            }
            cert.window = window;
            cert.rawRenewalInfo = raw;
            return true;
        }
    }
}
