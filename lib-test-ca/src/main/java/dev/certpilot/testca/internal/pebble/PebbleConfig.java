package dev.certpilot.testca.internal.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/**
 * Writes Pebble 2.4's JSON configuration ({@code {"pebble": {...}}}). The file may hold EAB HMAC keys, so it is
 * created readable by its owner only. Internal: not part of certpilot's API.
 */
final class PebbleConfig {

    private PebbleConfig() {
    }

    /** Writes the configuration for one start of Pebble to {@code file}. */
    static void write(Path file, PebbleOptions options, PebblePorts ports, Path certificate, Path privateKey) {
        Map<String, Object> pebble = new LinkedHashMap<>();
        pebble.put("listenAddress", "127.0.0.1:" + ports.acme());
        pebble.put("managementListenAddress", "127.0.0.1:" + ports.management());
        pebble.put("certificate", certificate.toString());
        pebble.put("privateKey", privateKey.toString());
        // ports Pebble would use for http-01 and tls-alpn-01; nothing listens there, dns-01 is the point
        pebble.put("httpPort", ports.unusedHttp01());
        pebble.put("tlsPort", ports.unusedTlsAlpn01());
        pebble.put("ocspResponderURL", "");
        pebble.put("externalAccountBindingRequired", options.eabRequired());
        if (!options.eabKeys().isEmpty()) {
            pebble.put("externalAccountMACKeys", new LinkedHashMap<>(options.eabKeys()));
        }
        options.certificateValidity().ifPresent(validity -> pebble.put("certificateValidityPeriod", validity.toSeconds()));
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, JsonUtil.toJson(Map.of("pebble", pebble)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
