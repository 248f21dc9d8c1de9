package dev.certpilot.dns.gcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Service account keys for tests, in the JSON format Google documents
 * (https://cloud.google.com/iam/docs/keys-create-delete#creating), and JWT checks as Google's token endpoint makes them.
 */
final class ServiceAccounts {

    static final String EMAIL = "certpilot-dns@my-project-123.iam.gserviceaccount.com";
    static final String PROJECT = "my-project-123";
    static final String KEY_ID = "d7a0c8e4f3b24b1d9f6a2e5c8b7d4a1f3e6c9b20";
    static final KeyPair KEY = generate();
    static final KeyPair OTHER_KEY = generate();

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceAccounts() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM of a private key, as in a key file's {@code private_key}. */
    static String pem(KeyPair pair) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** A key file's content. */
    static String keyJson(KeyPair pair) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", PROJECT);
        key.put("private_key_id", KEY_ID);
        key.put("private_key", pem(pair));
        key.put("client_email", EMAIL);
        key.put("client_id", "113785312345678901234");
        key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.put("token_uri", "https://oauth2.googleapis.com/token");
        key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
        key.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/certpilot-dns%40my-project-123.iam.gserviceaccount.com");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JWT's claims when its RS256 signature verifies with {@code key}, else {@code null}. */
    static JsonNode verify(String jwt, PublicKey key) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return null;
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The JWT's header. */
    static JsonNode header(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
