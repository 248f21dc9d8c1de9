package dev.certpilot.dns.acmedns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Json;
import dev.certpilot.dns.internal.Zones;
import dev.certpilot.spi.DnsProviderException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON account file lego and goacmedns use: an object from domain to
 * {@code {"fulldomain", "subdomain", "username", "password", "server_url", "allowfrom"}}. Read again whenever an
 * account is missing (so accounts added by hand are picked up), written atomically with mode 0600.
 */
final class AccountStorage {

    private final Path file;

    AccountStorage(Path file) {
        this.file = file;
    }

    synchronized Map<String, AcmeDnsAccount> load() {
        Map<String, AcmeDnsAccount> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            root.fields().forEachRemaining(e -> out.put(Zones.normalize(e.getKey()), new AcmeDnsAccount(
                    e.getValue().path("username").asText(), e.getValue().path("password").asText(),
                    e.getValue().path("fulldomain").asText(), e.getValue().path("subdomain").asText())));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DnsProviderException(AcmeDnsProvider.NAME, ErrorCode.DNS_PROVIDER_ERROR,
                    "the account file '" + file + "' cannot be read: " + e.getClass().getSimpleName(), 0, null);
        }
    }

    synchronized void put(String domain, AcmeDnsAccount account, String serverUrl) {
        try {
            ObjectNode root = Files.exists(file) ? (ObjectNode) Json.MAPPER.readTree(file.toFile())
                    : Json.MAPPER.createObjectNode();
            ObjectNode a = root.putObject(domain);
            a.put("fulldomain", account.fullDomain());
            a.put("subdomain", account.subdomain());
            a.put("username", account.username());
            a.put("password", account.password());
            a.put("server_url", serverUrl);
            a.putArray("allowfrom");
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".acme-dns", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | ClassCastException e) {
            throw new DnsProviderException(AcmeDnsProvider.NAME, ErrorCode.DNS_PROVIDER_ERROR,
                    "the account file '" + file + "' cannot be written: " + e.getClass().getSimpleName(), 0, null);
        }
    }
}
