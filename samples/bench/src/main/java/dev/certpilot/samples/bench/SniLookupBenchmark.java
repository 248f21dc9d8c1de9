package dev.certpilot.samples.bench;

import dev.certpilot.spi.Delivery;
import dev.certpilot.tls.CertpilotKeyManager;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code CertpilotKeyManager} costs a TLS handshake, against the least any SNI key manager must do: one
 * {@link HashMap} lookup of the server name (for a
 * wildcard: the exact miss, then the wildcard's key). {@code certificates} certificates are served, each for
 * {@code site<i>.bench.test} and {@code *.site<i>.bench.test}; every operation looks up another name, drawn at random
 * from a table of 4096 (so the maps are read all over, as under real traffic).
 *
 * <ul>
 * <li>{@code hashMap}: {@code map.get(name)}, then read chain and key of the entry: the baseline.</li>
 * <li>{@code hashMapWildcard}: the baseline for a wildcard: {@code map.get(name)} misses, then
 * {@code map.get("*." + parent)}.</li>
 * <li>{@code keyManagerExact}: what JSSE calls per handshake, {@code chooseEngineServerAlias} (SNI name read from the
 * handshake session, exact lookup) then {@code getCertificateChain} (a copy) and {@code getPrivateKey}.</li>
 * <li>{@code keyManagerWildcard}: the same for {@code www.site<i>.bench.test}, found through the wildcard after the
 * exact lookup missed.</li>
 * <li>{@code certificateFor}: the public lookup alone (exact name), without JSSE's three calls.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -pl samples/bench -am package -DskipTests
 * java -cp samples/bench/target/certpilot-bench.jar org.openjdk.jmh.Main SniLookup
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SniLookupBenchmark {

    private static final int LOOKUPS = 4096;

    /** How many certificates are served. */
    @Param("10000")
    public int certificates;

    private CertpilotKeyManager keyManager;
    private Map<String, Entry> hashMap;
    private String[] exactNames;
    private String[] wildcardNames;
    private SniOnlyEngine[] exactEngines;
    private SniOnlyEngine[] wildcardEngines;
    private int next;

    /** A plain map's value: what a handshake needs. */
    record Entry(X509Certificate[] chain, PrivateKey key) {
    }

    /** Builds the key manager and the map with the same names, and the names to look up. */
    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        List<X509Certificate> chain = List.of(selfSigned(pair));
        keyManager = CertpilotKeyManager.create();
        hashMap = new HashMap<>();
        for (int i = 0; i < certificates; i++) {
            String apex = "site" + i + ".bench.test";
            // one certificate object for all: the lookup never reads it, and signing 10 000 would only slow the setup
            keyManager.deliver(new Delivery("cert-" + i, 1, List.of(apex, "*." + apex), chain,
                    Optional.of(pair.getPrivate()), false));
            Entry entry = new Entry(chain.toArray(new X509Certificate[0]), pair.getPrivate());
            hashMap.put(apex, entry);
            hashMap.put("*." + apex, entry);
        }
        SplittableRandom random = new SplittableRandom(42);
        exactNames = new String[LOOKUPS];
        wildcardNames = new String[LOOKUPS];
        exactEngines = new SniOnlyEngine[LOOKUPS];
        wildcardEngines = new SniOnlyEngine[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            int site = random.nextInt(certificates);
            exactNames[i] = "site" + site + ".bench.test";
            exactEngines[i] = new SniOnlyEngine(exactNames[i]);
            wildcardNames[i] = "www.site" + site + ".bench.test";
            wildcardEngines[i] = new SniOnlyEngine(wildcardNames[i]);
        }
        checkEveryLookupHits();
    }

    /** A benchmark of lookups that miss would measure the wrong thing: refuse to run. */
    void checkEveryLookupHits() {
        for (int i = 0; i < LOOKUPS; i++) {
            for (SniOnlyEngine engine : new SniOnlyEngine[] {exactEngines[i], wildcardEngines[i]}) {
                String alias = keyManager.chooseEngineServerAlias("EC", null, engine);
                if (alias == null || keyManager.getCertificateChain(alias) == null
                        || keyManager.getPrivateKey(alias) == null || hashMap.get(exactNames[i]) == null) {
                    throw new IllegalStateException("lookup " + i + " misses");
                }
            }
        }
    }

    /** The baseline: one hash map lookup. */
    @Benchmark
    public void hashMap(Blackhole bh) {
        Entry e = hashMap.get(exactNames[step()]);
        bh.consume(e.chain());
        bh.consume(e.key());
    }

    /** The baseline for a wildcard: the exact name misses, then the parent is looked up. */
    @Benchmark
    public void hashMapWildcard(Blackhole bh) {
        String host = wildcardNames[step()];
        Entry e = hashMap.get(host);
        if (e == null) {
            e = hashMap.get("*." + host.substring(host.indexOf('.') + 1));
        }
        bh.consume(e.chain());
        bh.consume(e.key());
    }

    /** JSSE's calls for an exact name. */
    @Benchmark
    public void keyManagerExact(Blackhole bh) {
        handshakeLookup(exactEngines[step()], bh);
    }

    /** JSSE's calls for a name covered by a wildcard. */
    @Benchmark
    public void keyManagerWildcard(Blackhole bh) {
        handshakeLookup(wildcardEngines[step()], bh);
    }

    /** The public lookup alone. */
    @Benchmark
    public void certificateFor(Blackhole bh) {
        bh.consume(keyManager.certificateFor(exactNames[step()]));
    }

    /** The public lookup alone, wildcard. */
    @Benchmark
    public void certificateForWildcard(Blackhole bh) {
        bh.consume(keyManager.certificateFor(wildcardNames[step()]));
    }

    private void handshakeLookup(SniOnlyEngine engine, Blackhole bh) {
        String alias = keyManager.chooseEngineServerAlias("EC", null, engine);
        bh.consume(keyManager.getCertificateChain(alias));
        bh.consume(keyManager.getPrivateKey(alias));
    }

    private int step() {
        int i = next;
        next = (i + 1) & (LOOKUPS - 1);
        return i;
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=bench.test");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
