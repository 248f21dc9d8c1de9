package dev.certpilot.jdbc;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Looks for plaintext private keys in dumped values: PEM headers, the PKCS#8 DER bytes, their base64 and hex
 * forms, and the secret numbers themselves (EC scalar, RSA private exponent and primes).
 */
final class KeyLeakScanner {

    private final List<byte[]> secretBytes = new ArrayList<>();
    private final List<String> secretTexts = new ArrayList<>();

    KeyLeakScanner(List<PrivateKey> keys) {
        for (PrivateKey key : keys) {
            byte[] der = key.getEncoded();
            secretBytes.add(der);
            secretTexts.add(Base64.getEncoder().encodeToString(der).substring(0, 60));
            secretTexts.add(Base64.getMimeEncoder().encodeToString(der).substring(0, 60));
            secretTexts.add(HexFormat.of().formatHex(der).substring(0, 80));
            if (key instanceof ECPrivateKey ec) {
                secretBytes.add(unsigned(ec.getS().toByteArray()));
            } else if (key instanceof RSAPrivateCrtKey rsa) {
                secretBytes.add(unsigned(rsa.getPrivateExponent().toByteArray()));
                secretBytes.add(unsigned(rsa.getPrimeP().toByteArray()));
            }
        }
    }

    /** Descriptions of every leak found; empty when there is none. */
    List<String> scan(List<TableDump.Cell> cells) {
        List<String> leaks = new ArrayList<>();
        for (TableDump.Cell cell : cells) {
            String where = (cell.table() + "." + cell.column()).toLowerCase(Locale.ROOT);
            if (cell.text().contains("PRIVATE KEY")) {
                leaks.add(where + ": PEM private key header");
            }
            String lower = cell.text().toLowerCase(Locale.ROOT);
            for (String secret : secretTexts) {
                if (cell.text().contains(secret) || lower.contains(secret.toLowerCase(Locale.ROOT))) {
                    leaks.add(where + ": base64 or hex of a private key");
                }
            }
            for (byte[] secret : secretBytes) {
                if (indexOf(cell.bytes(), secret) >= 0) {
                    leaks.add(where + ": raw private key bytes");
                }
            }
        }
        return leaks;
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
