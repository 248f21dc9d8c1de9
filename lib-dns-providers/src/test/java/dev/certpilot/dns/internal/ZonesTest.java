package dev.certpilot.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.ErrorCode;
import dev.certpilot.dns.RetryPolicy;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZonesTest {

    @Test
    void relativeNameIsTheNameBelowTheZoneOrAtTheApex() {
        assertThat(Zones.relativeName("_acme-challenge.www.example.com", "example.com"))
                .isEqualTo("_acme-challenge.www");
        assertThat(Zones.relativeName("example.com", "example.com")).isEqualTo("@");
        assertThat(Zones.relativeName("example.com", "example.com", "")).isEmpty();
        assertThat(Zones.relativeName("_acme-challenge.example.com", "example.com", "")).isEqualTo("_acme-challenge");
        assertThatThrownBy(() -> Zones.relativeName("_acme-challenge.badexample.com", "example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longestMatchComparesWholeLabels() {
        List<String> zones = List.of("example.com", "Dev.Example.com.", "badexample.com");
        assertThat(Zones.longestMatch("_acme-challenge.a.dev.example.com", zones)).hasValue("dev.example.com");
        assertThat(Zones.longestMatch("_acme-challenge.example.com", zones)).hasValue("example.com");
        assertThat(Zones.longestMatch("x.ample.com", zones)).isEmpty();
        assertThat(Zones.longestMatch("example.com.", zones)).hasValue("example.com");
    }

    @Test
    void candidatesRunFromTheNameToItsSecondLevel() {
        assertThat(Zones.candidates("_acme-challenge.www.example.com."))
                .containsExactly("_acme-challenge.www.example.com", "www.example.com", "example.com");
    }

    @Test
    void zoneFinderAsksTheRecordsZoneFirstAndCachesWhatItFound() {
        List<String> asked = new ArrayList<>();
        MutableClock clock = new MutableClock();
        ZoneFinder<String> finder = new ZoneFinder<>("t", name -> {
            asked.add(name);
            return name.equals("example.com") ? Optional.of("id-1") : Optional.empty();
        }, clock, Duration.ofMinutes(5));
        ChallengeRecord record = ChallengeRecord.of("example.com", "_acme-challenge.www.example.com", "v");
        assertThat(finder.find(record)).isEqualTo("id-1");
        assertThat(finder.find(record)).isEqualTo("id-1");
        assertThat(asked).containsExactly("example.com");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        finder.find(record);
        assertThat(asked).containsExactly("example.com", "example.com");
    }

    @Test
    void zoneFinderWalksOtherAncestorsLongestFirst() {
        List<String> asked = new ArrayList<>();
        ZoneFinder<String> finder = new ZoneFinder<>("t", name -> {
            asked.add(name);
            return name.equals("dev.example.com") ? Optional.of("dev") : Optional.empty();
        }, Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(finder.find(ChallengeRecord.of("example.com", "_acme-challenge.a.dev.example.com", "v")))
                .isEqualTo("dev");
        assertThat(asked).containsExactly("example.com", "_acme-challenge.a.dev.example.com", "a.dev.example.com",
                "dev.example.com");
    }

    @Test
    void zoneFinderReportsZoneNotFound() {
        ZoneFinder<String> finder = new ZoneFinder<>("t", name -> Optional.empty(), Clock.systemUTC(),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> finder.find(ChallengeRecord.of("example.com", "_acme-challenge.example.com", "v")))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZONE_NOT_FOUND));
    }

    @Test
    void retryBackoffDoublesUpToItsCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(1));
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5))).containsExactly(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3));
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterParsesSecondsDatesAndGarbage() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("12", clock)).hasValue(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 10:01:00 GMT", clock)).hasValue(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", clock)).hasValue(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
