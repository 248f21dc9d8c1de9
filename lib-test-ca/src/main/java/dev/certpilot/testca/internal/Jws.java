package dev.certpilot.testca.internal;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * A parsed JWS in flattened JSON serialisation (RFC 8555 section 6.2), before or after verification. Holds no key
 * material beyond public keys.
 */
final class Jws {
    /** Signature algorithms accepted for account keys, as Pebble. */
    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "ES384", "ES512");
    private static final Set<String> MAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");

    final Map<String, Object> header;
    private final String compact;
    final String payloadB64;

    private Jws(Map<String, Object> header, String compact, String payloadB64) {
        this.header = header;
        this.compact = compact;
        this.payloadB64 = payloadB64;
    }

    /** Parses a flattened JWS object. @throws ProblemException malformed when it is none */
    static Jws parse(Map<String, Object> json) {
        if (json.containsKey("header")) {
            throw Problem.malformed("JWS \"header\" field not allowed. All headers must be in \"protected\" field");
        }
        if (json.containsKey("signatures")) {
            throw Problem.malformed("JWS \"signatures\" field not allowed; use the flattened serialization");
        }
        Object p = json.get("protected");
        Object payload = json.get("payload");
        Object sig = json.get("signature");
        if (!(p instanceof String prot) || !(payload instanceof String pay) || !(sig instanceof String s)) {
            throw Problem.malformed("JWS must have string members protected, payload and signature");
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(new String(Base64.getUrlDecoder().decode(prot), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("JWS protected header is not base64url-encoded JSON");
        }
        return new Jws(header, prot + "." + pay + "." + s, pay);
    }

    /** Parses a flattened JWS given as text. */
    static Jws parse(String text) {
        try {
            return parse(Json.parseObject(text));
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("request body is not a JWS in flattened JSON serialization");
        }
    }

    private String stringHeader(String name) {
        Object v = header.get(name);
        return v instanceof String s ? s : null;
    }

    String alg() {
        return stringHeader("alg");
    }

    String kid() {
        return stringHeader("kid");
    }

    boolean hasJwk() {
        return header.containsKey("jwk");
    }

    String url() {
        return stringHeader("url");
    }

    String nonce() {
        return stringHeader("nonce");
    }

    /** Checks the algorithm is one ACME allows for account keys. @throws ProblemException badSignatureAlgorithm */
    void requireAccountAlgorithm() {
        String alg = alg();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new Problem("badSignatureAlgorithm", "JWS algorithm " + alg + " is not supported; use one of "
                    + ALGORITHMS, 400, null, java.util.List.of()).toException();
        }
    }

    /** The embedded JWK. @throws ProblemException malformed or badPublicKey */
    PublicJsonWebKey jwk() {
        Object j = header.get("jwk");
        if (!(j instanceof Map<?, ?> map)) {
            throw Problem.malformed("No JWK in JWS header");
        }
        try {
            @SuppressWarnings("unchecked")
            JsonWebKey key = JsonWebKey.Factory.newJwk((Map<String, Object>) map);
            if (!(key instanceof PublicJsonWebKey pub) || pub.getPrivateKey() != null) {
                throw Problem.malformed("Invalid JWK in JWS header");
            }
            checkAccountKey(pub.getPublicKey());
            return pub;
        } catch (JoseException | RuntimeException e) {
            if (e instanceof ProblemException pe) {
                throw pe;
            }
            throw Problem.malformed("Invalid JWK in JWS header: " + e.getMessage());
        }
    }

    /** Refuses account keys ACME clients should not use. @throws ProblemException badPublicKey */
    static void checkAccountKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048 || bits > 4096) {
                throw Problem.of("badPublicKey", 400, "RSA account keys must have 2048 to 4096 bits, not " + bits)
                        .toException();
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384 && bits != 521) {
                throw Problem.of("badPublicKey", 400, "unsupported EC curve").toException();
            }
        } else {
            throw Problem.of("badPublicKey", 400, "unsupported account key type").toException();
        }
    }

    /**
     * Verifies the signature with {@code key} (algorithm must be an account algorithm) and returns the payload.
     *
     * @throws ProblemException malformed when the signature does not verify, badSignatureAlgorithm when the
     *                          algorithm does not fit the key
     */
    byte[] verify(PublicKey key) {
        requireAccountAlgorithm();
        String alg = alg();
        boolean fits = alg.startsWith("RS") ? key instanceof RSAPublicKey : key instanceof ECPublicKey;
        if (!fits) {
            throw new Problem("badSignatureAlgorithm", "JWS algorithm " + alg + " does not fit the key", 400, null,
                    java.util.List.of()).toException();
        }
        int dot = compact.lastIndexOf('.');
        try {
            byte[] signature = Base64.getUrlDecoder().decode(compact.substring(dot + 1));
            if (!Crypto.verifyJws(alg, key, compact.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
                    signature)) {
                throw Problem.malformed("JWS verification error: signature does not verify");
            }
            return Base64.getUrlDecoder().decode(payloadB64);
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw Problem.malformed("JWS verification error: " + e.getMessage());
        }
    }

    /** Verifies an HMAC-signed JWS (EAB) and returns the payload, or null when the MAC does not verify. */
    byte[] verifyMac(byte[] macKey) {
        String alg = alg();
        if (alg == null || !MAC_ALGORITHMS.contains(alg)) {
            throw Problem.malformed("external account binding must use HS256, HS384 or HS512");
        }
        try {
            return verify(new HmacKey(macKey), new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    MAC_ALGORITHMS.toArray(new String[0])), false);
        } catch (ProblemException e) {
            return null;
        }
    }

    private byte[] verify(java.security.Key key, AlgorithmConstraints constraints, boolean keyValidation) {
        // jose4j verification, used for the HMAC of external account bindings
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(constraints);
            jws.setCompactSerialization(compact);
            jws.setKey(key);
            jws.setDoKeyValidation(keyValidation);
            if (!jws.verifySignature()) {
                throw Problem.malformed("JWS verification error: signature does not verify");
            }
            return jws.getPayloadBytes();
        } catch (JoseException e) {
            throw Problem.malformed("JWS verification error: " + e.getMessage());
        }
    }

    /** RFC 7638 SHA-256 thumbprint of a key. */
    static String thumbprint(JsonWebKey key) {
        return key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }
}
