package dev.certpilot.distribution;

import dev.certpilot.internal.Checks;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a certificate as PEM files into a directory, in certbot's layout by default:
 * <table>
 * <caption>files</caption>
 * <tr><th>file (default name)</th><th>content</th><th>mode</th></tr>
 * <tr><td>{@code privkey.pem}</td><td>the private key, PKCS#8</td><td>0600</td></tr>
 * <tr><td>{@code cert.pem}</td><td>the leaf certificate</td><td>0644</td></tr>
 * <tr><td>{@code chain.pem}</td><td>the intermediates</td><td>0644</td></tr>
 * <tr><td>{@code fullchain.pem}</td><td>leaf, then intermediates</td><td>0644</td></tr>
 * </table>
 *
 * <p>Each file is written under a temporary name in the same directory, flushed to disk, given its mode, owner and
 * group, and then renamed over the old file in one atomic step, so a reader sees either the old file or the new one,
 * never a partial one. The key file is created with its mode (never readable by others, not even briefly); the key
 * mode may allow the group ({@code 0640}) but never others. The set of files is not replaced atomically: files are
 * renamed in the order key, certificate, chain, full chain, so a program watching {@code fullchain.pem} sees the
 * other files already in place; reload servers after the delivery (an {@link ExecHookTarget} after this target).
 *
 * <p>A certificate issued from the caller's CSR comes without a key: the certificate files are written, no key file
 * is written and an existing key file is left as it is (certpilot never deletes files it did not just write); the
 * report says so. Missing directories are created. A dry run writes nothing and reports each file it would write.
 * On file systems without POSIX permissions, modes are not applied.
 */
public final class PemDirectoryTarget implements DistributionTarget {

    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    /** {@code rw-r--r--}. */
    public static final Set<PosixFilePermission> CERTIFICATE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final String name;
    private final Function<Delivery, Path> directory;
    private final String describedDirectory;
    private final String keyFile;
    private final String certificateFile;
    private final String chainFile;
    private final String fullChainFile;
    private final Set<PosixFilePermission> keyMode;
    private final FileHook hook;

    private PemDirectoryTarget(Builder b) {
        this.name = b.name;
        this.directory = b.directory;
        this.describedDirectory = b.describedDirectory;
        this.keyFile = b.keyFile;
        this.certificateFile = b.certificateFile;
        this.chainFile = b.chainFile;
        this.fullChainFile = b.fullChainFile;
        this.keyMode = b.keyMode;
        this.hook = b.hook;
    }

    /** A builder for a target writing into {@code directory}. */
    static Builder builder(String name, Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new Builder(name, d -> directory, directory.toString());
    }

    /** A builder for a target writing each certificate into the directory {@code directory} picks for it. */
    static Builder builder(String name, Function<Delivery, Path> directory) {
        return new Builder(name, Objects.requireNonNull(directory, "directory"), "<per certificate>");
    }

    /** The target's name. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Writes (or in a dry run, lists) the files.
     *
     * @throws DistributionException when a file cannot be written; files already renamed stay, the others are
     *                               untouched
     */
    @Override
    public DeliveryReport deliver(Delivery delivery) {
        Path dir = Objects.requireNonNull(directory.apply(delivery), "the directory function returned null")
                .toAbsolutePath();
        List<PlannedFile> plan = plan(delivery, dir);
        List<String> actions = new ArrayList<>();
        if (delivery.dryRun()) {
            plan.forEach(f -> actions.add("would write " + f.path() + " (" + StagedFile.octal(f.mode()) + ")"));
        } else {
            write(plan, dir);
            plan.forEach(f -> actions.add("wrote " + f.path() + " (" + StagedFile.octal(f.mode()) + ")"));
        }
        if (delivery.privateKey().isEmpty()) {
            Path key = dir.resolve(keyFile);
            actions.add(Files.exists(key)
                    ? "left " + key + " untouched: no private key in this delivery (certificate from the caller's CSR)"
                    : "wrote no " + keyFile + ": no private key in this delivery (certificate from the caller's CSR)");
        }
        return new DeliveryReport(actions);
    }

    private List<PlannedFile> plan(Delivery d, Path dir) {
        List<PlannedFile> plan = new ArrayList<>();
        d.privateKeyPem().ifPresent(pem -> plan.add(new PlannedFile(dir.resolve(keyFile), ascii(pem), keyMode)));
        plan.add(new PlannedFile(dir.resolve(certificateFile), ascii(d.certificatePem()), CERTIFICATE_MODE));
        plan.add(new PlannedFile(dir.resolve(chainFile), ascii(d.chainPem()), CERTIFICATE_MODE));
        plan.add(new PlannedFile(dir.resolve(fullChainFile), ascii(d.fullChainPem()), CERTIFICATE_MODE));
        return plan;
    }

    private void write(List<PlannedFile> plan, Path dir) {
        List<StagedFile> staged = new ArrayList<>();
        PlannedFile current = null;
        try {
            Files.createDirectories(dir);
            for (PlannedFile f : plan) {
                current = f;
                staged.add(StagedFile.write(f.path(), f.content(), f.mode(), hook));
            }
            for (int i = 0; i < staged.size(); i++) {
                current = plan.get(i);
                staged.get(i).commit();
            }
            StagedFile.syncDirectory(dir);
        } catch (IOException e) {
            throw new DistributionException(name, "cannot write " + (current == null ? dir : current.path()) + ": "
                    + e, e);
        } finally {
            staged.forEach(StagedFile::close);
            plan.forEach(f -> Arrays.fill(f.content(), (byte) 0));
        }
    }

    private static byte[] ascii(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    /** Name, directory and file names. */
    @Override
    public String toString() {
        return "PemDirectoryTarget[" + name + ", dir=" + describedDirectory + ", files=" + keyFile + ","
                + certificateFile + "," + chainFile + "," + fullChainFile + ", keyMode=" + StagedFile.octal(keyMode)
                + "]";
    }

    private record PlannedFile(Path path, byte[] content, Set<PosixFilePermission> mode) {
    }

    /** Configures a {@link PemDirectoryTarget}; every option has a certbot-like default. */
    public static final class Builder {

        private final String name;
        private final Function<Delivery, Path> directory;
        private final String describedDirectory;
        private String keyFile = "privkey.pem";
        private String certificateFile = "cert.pem";
        private String chainFile = "chain.pem";
        private String fullChainFile = "fullchain.pem";
        private Set<PosixFilePermission> keyMode = KEY_MODE;
        private FileHook hook = FileHook.none();

        private Builder(String name, Function<Delivery, Path> directory, String describedDirectory) {
            this.name = Checks.simpleName("target name", name);
            this.directory = directory;
            this.describedDirectory = describedDirectory;
        }

        /** The key file's name; default {@code privkey.pem}. */
        public Builder keyFile(String fileName) {
            this.keyFile = fileName("key file", fileName);
            return this;
        }

        /** The leaf certificate's file name; default {@code cert.pem}. */
        public Builder certificateFile(String fileName) {
            this.certificateFile = fileName("certificate file", fileName);
            return this;
        }

        /** The intermediates' file name; default {@code chain.pem}. */
        public Builder chainFile(String fileName) {
            this.chainFile = fileName("chain file", fileName);
            return this;
        }

        /** The full chain's file name; default {@code fullchain.pem}. */
        public Builder fullChainFile(String fileName) {
            this.fullChainFile = fileName("full chain file", fileName);
            return this;
        }

        /**
         * The key file's mode, e.g. {@code "rw-r-----"} for a server that reads it through its group; default
         * {@code rw-------}. Others never get a permission.
         */
        public Builder keyMode(String mode) {
            Set<PosixFilePermission> perms = EnumSet.copyOf(PosixFilePermissions.fromString(mode));
            if (!perms.contains(PosixFilePermission.OWNER_READ)) {
                throw Checks.invalid("key mode '" + mode + "' must let the owner read the key");
            }
            if (perms.stream().anyMatch(p -> p.name().startsWith("OTHERS"))) {
                throw Checks.invalid("key mode '" + mode + "' must not give others any permission");
            }
            this.keyMode = Set.copyOf(perms);
            return this;
        }

        /** Runs {@code hook} on every file before it is renamed into place (owner, group, labels...). */
        public Builder fileHook(FileHook hook) {
            this.hook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Builds the target. */
        public PemDirectoryTarget build() {
            List<String> names = List.of(keyFile, certificateFile, chainFile, fullChainFile);
            if (Set.copyOf(names).size() != names.size()) {
                throw Checks.invalid("the four PEM file names must differ: " + names);
            }
            return new PemDirectoryTarget(this);
        }

        private static String fileName(String what, String value) {
            if (value == null || value.isBlank() || value.contains("/") || value.contains("\\")
                    || value.equals(".") || value.equals("..")) {
                throw Checks.invalid(what + " '" + Checks.abbreviate(value) + "' must be a plain file name");
            }
            return value;
        }
    }
}
