package dev.certpilot.dns.gcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Json;
import dev.certpilot.dns.internal.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Google service account key (the JSON file the Cloud console downloads, {@code "type": "service_account"}) and the
 * signed JWT it makes for the OAuth 2.0 JWT bearer grant
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest): header
 * {@code {"alg":"RS256","typ":"JWT","kid":<private_key_id>}}, claims {@code iss}, {@code scope}, {@code aud},
 * {@code iat}, {@code exp} (one hour), signed with SHA256withRSA by the JDK.
 */
final class ServiceAccountKey {

    /** Google's token endpoint, when the key does not name one. */
    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String clientEmail;
    private final String privateKeyId;
    private final String projectId;
    private final String tokenUri;
    private final PrivateKey privateKey;
    private final Secret pem;

    private ServiceAccountKey(String clientEmail, String privateKeyId, String projectId, String tokenUri,
            PrivateKey privateKey, Secret pem) {
        this.clientEmail = clientEmail;
        this.privateKeyId = privateKeyId;
        this.projectId = projectId;
        this.tokenUri = tokenUri;
        this.privateKey = privateKey;
        this.pem = pem;
    }

    /**
     * Reads a key file's content.
     *
     * @throws CertpilotException {@code INVALID_REQUEST} naming what is missing or wrong, never the key itself
     */
    static ServiceAccountKey parse(String json) {
        JsonNode key;
        try {
            key = Json.MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw invalid("is not JSON");
        }
        if (key == null || !key.isObject()) {
            throw invalid("is not a JSON object");
        }
        String type = key.path("type").asText("");
        if (!type.isEmpty() && !type.equals("service_account")) {
            throw invalid("has type '" + type + "', only service_account keys are supported");
        }
        String email = required(key, "client_email");
        String pemText = required(key, "private_key");
        PrivateKey privateKey;
        try {
            String base64 = pemText.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
            privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("has a private_key that is not a PKCS#8 RSA key in PEM");
        }
        return new ServiceAccountKey(email, key.path("private_key_id").asText(""), key.path("project_id").asText(""),
                key.path("token_uri").asText(DEFAULT_TOKEN_URI), privateKey, Secret.of(pemText, "private_key"));
    }

    /** The JWT assertion for {@code scope}, issued at {@code now}, for the audience {@link #tokenUri()}. */
    String assertion(String scope, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (!privateKeyId.isEmpty()) {
            header.put("kid", privateKeyId);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientEmail);
        claims.put("scope", scope);
        claims.put("aud", tokenUri);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        String signingInput = B64URL.encodeToString(Json.write(header)) + "." + B64URL.encodeToString(Json.write(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA signing failed", e);
        }
    }

    String clientEmail() {
        return clientEmail;
    }

    /** The key's project, empty when it names none. */
    String projectId() {
        return projectId;
    }

    /** The token endpoint the key is meant for, the JWT's audience. */
    String tokenUri() {
        return tokenUri;
    }

    /** The PEM text, for the redactor. */
    Secret pem() {
        return pem;
    }

    private static String required(JsonNode key, String field) {
        String v = key.path(field).asText("");
        if (v.isBlank()) {
            throw invalid("has no " + field);
        }
        return v;
    }

    private static CertpilotException invalid(String why) {
        return new CertpilotException(ErrorCode.INVALID_REQUEST, "the service account key " + why);
    }

    /** The account's email; never the key. */
    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + "]";
    }
}
