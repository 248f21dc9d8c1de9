package dev.certpilot.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file written under a temporary name in its target's directory, then renamed over the target in one atomic
 * step: readers see the whole old content or the whole new one. The temporary file is created with its final mode
 * (so a key file is never readable by others, not even for a moment) and then set to exactly that mode (so a
 * restrictive umask cannot leave a certificate file unreadable). Closing an uncommitted file deletes it.
 */
final class StagedFile implements AutoCloseable {

    private final Path temp;
    private final Path target;
    private boolean committed;

    private StagedFile(Path temp, Path target) {
        this.temp = temp;
        this.target = target;
    }

    /** Writes {@code content} beside {@code target} with {@code mode} (ignored on non-POSIX file systems). */
    static StagedFile write(Path target, byte[] content, Set<PosixFilePermission> mode, FileHook hook)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = isPosix(dir);
        String prefix = "." + target.getFileName() + ".";
        Path temp = posix
                ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(mode))
                : Files.createTempFile(dir, prefix, ".tmp");
        StagedFile staged = new StagedFile(temp, target);
        try {
            if (posix) {
                Files.setPosixFilePermissions(temp, mode);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            hook.beforeRename(temp, target);
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    /** Renames the file over its target. */
    void commit() throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing better to do: the name starts with a dot and ends with .tmp
            }
        }
    }

    /** Flushes the directory entry of renamed files to disk where the platform allows it (Linux does). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every platform can open a directory
        }
    }

    /** Whether files in {@code dir} have POSIX permissions. */
    static boolean isPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** {@code 0644} style. */
    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", bits);
    }
}
