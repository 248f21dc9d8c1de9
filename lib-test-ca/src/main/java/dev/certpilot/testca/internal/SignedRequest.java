package dev.certpilot.testca.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A POST whose JWS has been verified and whose nonce has been redeemed.
 *
 * @param url        the JWS {@code url} header (equal to the request URL)
 * @param payload    the verified payload; empty for POST-as-GET
 * @param jwk        the key that signed it
 * @param thumbprint the key's RFC 7638 SHA-256 thumbprint
 * @param account    the account ({@code kid}), or null for a {@code jwk}-signed request
 */
record SignedRequest(String url, byte[] payload, PublicJsonWebKey jwk, String thumbprint, Account account) {

    /** Whether this is a POST-as-GET (empty payload). */
    boolean postAsGet() {
        return payload.length == 0;
    }

    /** The payload as a JSON object. @throws ProblemException malformed when it is not one */
    Map<String, Object> json() {
        try {
            return Json.parseObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("JWS payload is not a JSON object");
        }
    }
}
