package dev.certpilot.testca.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/** ARI certIDs (RFC 9773 section 4.1): base64url(AKI keyIdentifier) "." base64url(serial DER content). */
final class CertIds {
    private CertIds() {
    }

    static String of(byte[] keyId, BigInteger serial) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(keyId) + "." + b64.encodeToString(serial.toByteArray());
    }

    /**
     * The serial of a certID issued under {@code keyId}.
     *
     * @throws ProblemException malformed when the certID is not well formed, 404 when the AKI is unknown
     */
    static BigInteger serial(String certId, byte[] keyId) {
        String[] parts = certId.split("\\.", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() || certId.contains("=")) {
            throw Problem.malformed("certID must be two unpadded base64url parts separated by a dot: " + certId);
        }
        byte[] aki;
        byte[] serial;
        try {
            aki = Base64.getUrlDecoder().decode(parts[0]);
            serial = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("certID is not base64url: " + certId);
        }
        if (!Arrays.equals(aki, keyId)) {
            throw Problem.notFound("certID names an issuer this CA does not know");
        }
        return new BigInteger(serial);
    }
}
