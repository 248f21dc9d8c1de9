package dev.certpilot.internal.crypto;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * A local KEK kept in a file: one line {@code certpilot-kek-v1 <base64 of 32 bytes>}. Created on first use with
 * permissions 0600 (owner read/write only) where the file system is POSIX.
 */
public final class KekFile {

    private static final String MAGIC = "certpilot-kek-v1";

    private KekFile() {
    }

    /** Loads the KEK in {@code file}, creating the file with a random key first if it does not exist. */
    public static LocalAesKek loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return load(file);
        } catch (IOException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "cannot read or create the key-encryption key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String line = MAGIC + " " + Base64.getEncoder().encodeToString(raw) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try {
            if (dir != null && Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        }
    }

    private static LocalAesKek load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        String[] parts = lines.isEmpty() ? new String[0] : lines.get(0).trim().split(" ");
        if (parts.length != 2 || !parts[0].equals(MAGIC)) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "key-encryption key file " + file + " is not a certpilot KEK file");
        }
        try {
            return new LocalAesKek(null, Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new CertpilotException(ErrorCode.KEY_PROTECTION_ERROR,
                    "key-encryption key file " + file + " holds no valid key", null);
        }
    }
}
