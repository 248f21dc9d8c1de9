package dev.certpilot.dns.rfc2136;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.internal.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key: its name, HMAC algorithm and base64 secret, as {@code tsig-keygen} prints them.
 *
 * @param name      the key's name as the server knows it, e.g. {@code acme-update}
 * @param algorithm the algorithm, e.g. {@code hmac-sha256} (a trailing dot is accepted)
 * @param secret    the base64 secret
 */
record TsigKey(String name, String algorithm, Secret secret) {

    private static final Pattern KEY_BLOCK = Pattern.compile(
            "key\\s+\"?([^\"\\s{]+)\"?\\s*\\{(.*?)}\\s*;", Pattern.DOTALL);
    private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9.-]+)\"?\\s*;");
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]+)\"\\s*;");

    /** Validates the components. */
    TsigKey {
        Objects.requireNonNull(secret, "secret");
        if (name == null || name.isBlank()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigKey (the key name) must not be blank");
        }
        algorithm = (algorithm == null || algorithm.isBlank() ? "hmac-sha256" : algorithm.strip())
                .toLowerCase(Locale.ROOT);
        if (algorithm.endsWith(".")) {
            algorithm = algorithm.substring(0, algorithm.length() - 1);
        }
        try {
            TSIG.algorithmToName(algorithm);
        } catch (IllegalArgumentException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigAlgorithm '" + algorithm
                    + "' is not supported; use hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1 or hmac-md5");
        }
        try {
            Base64.getDecoder().decode(secret.reveal().strip());
        } catch (IllegalArgumentException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigSecret is not valid base64");
        }
    }

    /**
     * Reads the first key of a file written by {@code tsig-keygen} (or a BIND {@code key} clause).
     *
     * @throws CertpilotException {@code INVALID_REQUEST} when the file cannot be read or holds no complete key
     */
    static TsigKey fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigFile '" + file + "' cannot be read: "
                    + e.getClass().getSimpleName());
        }
        Matcher key = KEY_BLOCK.matcher(text);
        if (!key.find()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigFile '" + file + "' holds no key clause");
        }
        Matcher alg = ALGORITHM.matcher(key.group(2));
        Matcher sec = SECRET.matcher(key.group(2));
        if (!alg.find() || !sec.find()) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST,
                    "tsigFile '" + file + "': the key clause needs an algorithm and a secret");
        }
        return new TsigKey(key.group(1), alg.group(1), Secret.of(sec.group(1), "tsigSecret"));
    }

    /** The dnsjava signer. */
    TSIG toTsig() {
        try {
            Name alg = TSIG.algorithmToName(algorithm);
            String keyName = name.endsWith(".") ? name : name + ".";
            return new TSIG(alg, Name.fromString(keyName), Base64.getDecoder().decode(secret.reveal().strip()));
        } catch (TextParseException e) {
            throw new CertpilotException(ErrorCode.INVALID_REQUEST, "tsigKey '" + name + "' is not a valid DNS name");
        }
    }

    /** The name and algorithm, never the secret. */
    @Override
    public String toString() {
        return name + " (" + algorithm + ")";
    }
}
