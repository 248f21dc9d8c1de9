package dev.certpilot.distribution;

import dev.certpilot.internal.Checks;
import dev.certpilot.spi.Delivery;
import dev.certpilot.spi.DeliveryReport;
import dev.certpilot.spi.DistributionTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the certificate with its private key into a PKCS#12 (default) or JKS keystore file, as the key entry of one
 * alias (default {@code certpilot}), for servers configured with a keystore (Tomcat, Spring Boot, Kafka...).
 *
 * <p>When the file exists it is opened with the password and only this alias is replaced; other entries are kept,
 * so several certificates can share a keystore under different aliases ({@link Builder#alias(Function)}). The new
 * keystore is written under a temporary name beside the file with mode {@code 0600} and renamed over it in one
 * atomic step. The key entry is protected with the keystore password (what Tomcat and Spring Boot expect).
 *
 * <p>The password comes from a {@link Supplier} called once per delivery; the target works on a copy of the array it
 * returns and clears that copy afterwards. It never appears in reports, exceptions or {@code toString()}. A delivery
 * without a private key (a certificate from the caller's CSR) is refused with a {@link DistributionException}. A
 * dry run opens the existing keystore (so a wrong password shows up) and writes nothing.
 */
public final class KeyStoreTarget implements DistributionTarget {

    /** Keystore formats. */
    public enum Format {
        /** PKCS#12, the JDK's default keystore type. */
        PKCS12,
        /** The JDK's legacy proprietary format. */
        JKS
    }

    private final String name;
    private final Path file;
    private final Supplier<char[]> password;
    private final Format format;
    private final Function<Delivery, String> alias;
    private final String describedAlias;
    private final FileHook hook;

    private KeyStoreTarget(Builder b) {
        this.name = b.name;
        this.file = b.file;
        this.password = b.password;
        this.format = b.format;
        this.alias = b.alias;
        this.describedAlias = b.describedAlias;
        this.hook = b.hook;
    }

    /** A builder; the file and the password supplier are required. */
    static Builder builder(String name, Path file, Supplier<char[]> password) {
        return new Builder(name, file, password);
    }

    /** The target's name. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Stores (or in a dry run, checks) the key entry.
     *
     * @throws DistributionException without a private key, with a wrong password or an unreadable keystore, or when
     *                               the file cannot be written
     */
    @Override
    public DeliveryReport deliver(Delivery delivery) {
        PrivateKey key = delivery.privateKey().orElseThrow(() -> new DistributionException(name,
                "a keystore needs the private key, but certificate " + delivery.certificateId()
                        + " was issued from the caller's CSR and certpilot holds no key for it"));
        String entry = Objects.requireNonNull(alias.apply(delivery), "the alias function returned null");
        char[] pw = passwordCopy();
        try {
            KeyStore store = load(pw);
            boolean replaced = store.containsAlias(entry);
            store.setKeyEntry(entry, key, pw, delivery.chain().toArray(new X509Certificate[0]));
            String what = file + " (" + format + ", alias '" + entry + "' " + (replaced ? "replaced" : "added")
                    + ", " + store.size() + " entr" + (store.size() == 1 ? "y" : "ies") + ", 0600)";
            if (delivery.dryRun()) {
                return DeliveryReport.of("would write " + what);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, pw);
            Files.createDirectories(file.getParent());
            try (StagedFile staged = StagedFile.write(file, out.toByteArray(), PemDirectoryTarget.KEY_MODE, hook)) {
                staged.commit();
            }
            StagedFile.syncDirectory(file.getParent());
            return DeliveryReport.of("wrote " + what);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new DistributionException(name, "cannot open " + file + ": wrong password", e);
            }
            throw new DistributionException(name, "cannot update " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new DistributionException(name, "cannot update " + file + ": " + e, e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private KeyStore load(char[] pw) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(format.name());
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, pw);
            }
        } else {
            store.load(null, null);
        }
        return store;
    }

    private char[] passwordCopy() {
        char[] supplied = password.get();
        if (supplied == null || supplied.length == 0) {
            throw new DistributionException(name, "the password supplier returned no password");
        }
        return supplied.clone();
    }

    /** Name, file, format and alias; never the password. */
    @Override
    public String toString() {
        return "KeyStoreTarget[" + name + ", file=" + file + ", format=" + format + ", alias=" + describedAlias + "]";
    }

    /** Configures a {@link KeyStoreTarget}. */
    public static final class Builder {

        private final String name;
        private final Path file;
        private final Supplier<char[]> password;
        private Format format = Format.PKCS12;
        private Function<Delivery, String> alias = d -> "certpilot";
        private String describedAlias = "certpilot";
        private FileHook hook = FileHook.none();

        private Builder(String name, Path file, Supplier<char[]> password) {
            this.name = Checks.simpleName("target name", name);
            this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
            this.password = Objects.requireNonNull(password, "password");
        }

        /** The format; default {@link Format#PKCS12}. */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * The alias of the key entry, lower-cased (PKCS#12 and JKS aliases are case-insensitive); default
         * {@code certpilot}.
         */
        public Builder alias(String alias) {
            String checked = Checks.text("alias", alias, 128).toLowerCase(Locale.ROOT);
            this.alias = d -> checked;
            this.describedAlias = checked;
            return this;
        }

        /**
         * The alias chosen per certificate, e.g. {@code d -> d.names().get(0)} or {@code Delivery::certificateId},
         * for one keystore holding several certificates.
         */
        public Builder alias(Function<Delivery, String> alias) {
            this.alias = Objects.requireNonNull(alias, "alias");
            this.describedAlias = "<per certificate>";
            return this;
        }

        /** Runs {@code hook} on the new keystore file before it is renamed into place (owner, group...). */
        public Builder fileHook(FileHook hook) {
            this.hook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /** Builds the target. */
        public KeyStoreTarget build() {
            return new KeyStoreTarget(this);
        }
    }
}
