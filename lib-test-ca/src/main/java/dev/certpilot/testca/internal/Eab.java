package dev.certpilot.testca.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;

/** External Account Binding verification (RFC 8555 section 7.3.4). */
final class Eab {
    private Eab() {
    }

    /**
     * Verifies the {@code externalAccountBinding} member of a newAccount payload.
     *
     * @return the EAB key id it was made with
     * @throws ProblemException malformed, unauthorized or badPublicKey
     */
    static String verify(Object binding, SignedRequest outer, Map<String, String> keys) {
        if (!(binding instanceof Map<?, ?>)) {
            throw Problem.malformed("externalAccountBinding must be a JWS object");
        }
        @SuppressWarnings("unchecked")
        Jws jws = Jws.parse((Map<String, Object>) binding);
        String kid = jws.kid();
        if (kid == null || kid.isEmpty()) {
            throw Problem.malformed("the 'kid' field is required in external account binding");
        }
        if (jws.nonce() != null) {
            throw Problem.malformed("the 'nonce' field must be absent in external account binding");
        }
        if (!outer.url().equals(jws.url())) {
            throw Problem.malformed("the 'url' field in external account binding must equal the outer JWS url");
        }
        String key = keys.get(kid);
        if (key == null) {
            throw Problem.unauthorized("the external account binding 'kid' is not known to the CA");
        }
        byte[] payload = jws.verifyMac(Base64.getUrlDecoder().decode(key));
        if (payload == null) {
            throw Problem.unauthorized("external account binding JWS verification error");
        }
        try {
            JsonWebKey bound = JsonWebKey.Factory.newJwk(new String(payload, StandardCharsets.UTF_8));
            if (!Jws.thumbprint(bound).equals(outer.thumbprint())) {
                throw Problem.of("badPublicKey", 400,
                        "external account binding payload key does not match the account key").toException();
            }
        } catch (JoseException e) {
            throw Problem.malformed("external account binding payload is not a JWK");
        }
        return kid;
    }
}
