package dev.certpilot.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

class SniLookupBenchmarkTest {

    @Test
    void everyLookupOfTheBenchmarkHitsACertificate() throws Exception {
        SniLookupBenchmark benchmark = new SniLookupBenchmark();
        benchmark.certificates = 200;
        benchmark.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (int i = 0; i < 5000; i++) {
            benchmark.hashMap(bh);
            benchmark.hashMapWildcard(bh);
            benchmark.keyManagerExact(bh);
            benchmark.keyManagerWildcard(bh);
            benchmark.certificateFor(bh);
            benchmark.certificateForWildcard(bh);
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        assertThat(benchmark.certificates).isEqualTo(200);
    }
}
