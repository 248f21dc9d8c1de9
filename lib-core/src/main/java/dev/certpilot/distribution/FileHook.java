package dev.certpilot.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;

/**
 * Runs on every file a file target writes, after the content and mode are in place and before the file is renamed
 * over its target: whatever it changes (owner, group, ACLs, SELinux labels...) is there the moment the file appears
 * under its final name. A hook that throws fails the delivery and the target is left untouched.
 */
@FunctionalInterface
public interface FileHook {

    /**
     * Adjusts the freshly written file.
     *
     * @param tempFile the written file, still under its temporary name in the target's directory
     * @param target   the name it is about to be renamed to
     * @throws IOException when the adjustment failed; the delivery fails
     */
    void beforeRename(Path tempFile, Path target) throws IOException;

    /** A hook that does nothing. */
    static FileHook none() {
        return (tempFile, target) -> { };
    }

    /**
     * Changes owner and group with {@link PosixFileAttributeView} ({@code chown}; changing the owner usually needs
     * root, changing the group needs membership).
     *
     * @param owner the new owner, or {@code null} to keep it
     * @param group the new group, or {@code null} to keep it
     */
    static FileHook ownership(UserPrincipal owner, GroupPrincipal group) {
        if (owner == null && group == null) {
            throw new IllegalArgumentException("give an owner, a group or both");
        }
        return (tempFile, target) -> {
            PosixFileAttributeView view = Files.getFileAttributeView(tempFile, PosixFileAttributeView.class);
            if (view == null) {
                throw new IOException("cannot change the owner of " + target + ": the file system is not POSIX");
            }
            if (owner != null) {
                view.setOwner(owner);
            }
            if (group != null) {
                view.setGroup(group);
            }
        };
    }

    /** This hook, then {@code next}. */
    default FileHook andThen(FileHook next) {
        Objects.requireNonNull(next, "next");
        return (tempFile, target) -> {
            beforeRename(tempFile, target);
            next.beforeRename(tempFile, target);
        };
    }
}
