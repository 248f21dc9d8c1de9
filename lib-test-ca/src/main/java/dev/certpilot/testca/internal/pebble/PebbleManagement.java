package dev.certpilot.testca.internal.pebble;

import dev.certpilot.testca.CertificateStatus;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Reads Pebble's management API: {@code /roots/<n>} (the issuing roots, alternates announced in {@code Link}
 * headers) and {@code /cert-status-by-serial/<hex>}. Internal: not part of certpilot's API.
 */
public final class PebbleManagement {

    private static final Pattern ALTERNATE_ROOT = Pattern.compile("<[^>]*/roots/(\\d+)>\\s*;\\s*rel=\"alternate\"");

    private final URI base;
    private final ManagementHttp http;

    /** Reads the management API at {@code base} (e.g. {@code https://127.0.0.1:15000/}), trusting {@code tls}. */
    public PebbleManagement(URI base, SSLContext tls) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = ManagementHttp.trusting(tls);
    }

    /** The issuing roots: {@code /roots/0} (the default chain's) first, then the alternates in index order. */
    public List<X509Certificate> issuingRoots() {
        HttpResponse<String> first = okGet("roots/0");
        TreeMap<Integer, X509Certificate> roots = new TreeMap<>();
        roots.put(0, parse(first.body()));
        for (String link : first.headers().allValues("Link")) {
            Matcher m = ALTERNATE_ROOT.matcher(link);
            while (m.find()) {
                int index = Integer.parseInt(m.group(1));
                roots.computeIfAbsent(index, i -> parse(okGet("roots/" + i).body()));
            }
        }
        return List.copyOf(new ArrayList<>(roots.values()));
    }

    /** Whether Pebble knows {@code serial}, and if so whether and why it was revoked. */
    public Optional<CertificateStatus> certificateStatus(BigInteger serial) {
        Objects.requireNonNull(serial, "serial");
        HttpResponse<String> response = http.get(base.resolve("cert-status-by-serial/" + serial.toString(16)));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cert-status-by-serial answered " + response.statusCode());
        }
        return Optional.of(CertStatusJson.parse(json(response.body())));
    }

    private HttpResponse<String> okGet(String path) {
        HttpResponse<String> response = http.get(base.resolve(path));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + base.resolve(path) + " answered " + response.statusCode());
        }
        return response;
    }

    private static Map<String, Object> json(String body) {
        try {
            return JsonUtil.parseJson(body);
        } catch (JoseException e) {
            throw new IllegalStateException("management API answered malformed JSON", e);
        }
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("management API answered a malformed certificate", e);
        }
    }
}
