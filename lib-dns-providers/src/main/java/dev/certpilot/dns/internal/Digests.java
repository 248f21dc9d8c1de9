package dev.certpilot.dns.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hashes and HMACs request signatures are made of (AWS SigV4, Exoscale, OVH), with the JDK's providers. */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();

    private Digests() {
    }

    /** SHA-256 of the bytes. */
    public static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    /** SHA-1 of the UTF-8 text, lower-case hex (OVH's signature; SHA-1 is what the service wants, not a choice). */
    public static String sha1Hex(String text) {
        return hex(digest("SHA-1", text.getBytes(StandardCharsets.UTF_8)));
    }

    /** HMAC-SHA256 of the UTF-8 text with the key. */
    public static byte[] hmacSha256(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Lower-case hex of the bytes. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
