package dev.certpilot.distribution;

import dev.certpilot.spi.Delivery;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates the ready-made distribution targets. Each takes a name, unique within a manager, by which certificate
 * requests name their targets.
 *
 * <pre>{@code
 * DistributionTarget pem = DistributionTargets.pemDirectory("nginx", Path.of("/etc/nginx/tls/example.com"))
 *         .fileHook(FileHook.ownership(null, lookup.lookupPrincipalByGroupName("nginx")))
 *         .keyMode("rw-r-----")
 *         .build();
 * DistributionTarget p12 = DistributionTargets.keyStore("tomcat", Path.of("/opt/tomcat/conf/tls.p12"),
 *         () -> System.getenv("KEYSTORE_PASSWORD").toCharArray()).alias("tomcat").build();
 * DistributionTarget reload = DistributionTargets.exec("reload", List.of("/usr/bin/systemctl", "reload", "nginx"))
 *         .timeout(Duration.ofSeconds(30)).build();
 * DistributionTarget push = DistributionTargets.callback("push", delivery -> loadBalancer.upload(delivery));
 * }</pre>
 */
public final class DistributionTargets {

    private DistributionTargets() {
    }

    /** PEM files (certbot's layout by default) in {@code directory}; see {@link PemDirectoryTarget}. */
    public static PemDirectoryTarget.Builder pemDirectory(String name, Path directory) {
        return PemDirectoryTarget.builder(name, directory);
    }

    /**
     * PEM files in the directory {@code directory} chooses per certificate, e.g.
     * {@code d -> base.resolve(d.names().get(0).replace("*", "_"))}; see {@link PemDirectoryTarget}.
     */
    public static PemDirectoryTarget.Builder pemDirectory(String name, Function<Delivery, Path> directory) {
        return PemDirectoryTarget.builder(name, directory);
    }

    /**
     * A PKCS#12 (default) or JKS keystore file; see {@link KeyStoreTarget}.
     *
     * @param password called once per delivery; the target clears its copy after use
     */
    public static KeyStoreTarget.Builder keyStore(String name, Path file, Supplier<char[]> password) {
        return KeyStoreTarget.builder(name, file, password);
    }

    /** Your code, called with every delivery except dry runs; see {@link CallbackTarget}. */
    public static CallbackTarget callback(String name, Consumer<Delivery> callback) {
        return new CallbackTarget(name, callback);
    }

    /** A command run after every delivery (program first, then arguments; no shell); see {@link ExecHookTarget}. */
    public static ExecHookTarget.Builder exec(String name, List<String> command) {
        return ExecHookTarget.builder(name, command);
    }
}
