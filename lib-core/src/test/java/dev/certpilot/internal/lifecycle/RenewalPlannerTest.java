package dev.certpilot.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertpilotException;
import dev.certpilot.RenewalSettings;
import dev.certpilot.spi.RenewalWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalPlannerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final RenewalPlanner planner = new RenewalPlanner(RenewalSettings.builder().seed(1).build());

    @Test
    void configuredWindowEndsWhenAThirdRemainsAndSpreadsTimesInsideIt() {
        Set<Instant> times = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            RenewalPlan p = planner.window(T0, T0.plus(Duration.ofDays(90)), Optional.empty());
            assertThat(p.windowEnd()).isEqualTo(T0.plus(Duration.ofDays(60)));
            assertThat(p.windowStart()).isEqualTo(T0.plus(Duration.ofDays(57)));
            assertThat(p.at()).isBetween(p.windowStart(), p.windowEnd());
            assertThat(p.source()).isEqualTo(RenewalPlan.Source.WINDOW);
            times.add(p.at());
        }
        assertThat(times).as("jitter").hasSizeGreaterThan(190);
    }

    @Test
    void windowFollowsTheSettings() {
        RenewalPlanner half = new RenewalPlanner(RenewalSettings.builder().window(0.5, 0).build());
        RenewalPlan p = half.window(T0, T0.plus(Duration.ofDays(6)), Optional.empty());
        assertThat(p.at()).isEqualTo(T0.plus(Duration.ofDays(3))).isEqualTo(p.windowStart());
        assertThatThrownBy(() -> RenewalSettings.builder().window(0.2, 0.3).build())
                .isInstanceOf(CertpilotException.class).hasMessageContaining("windowShare");
        assertThatThrownBy(() -> RenewalSettings.builder().window(1, 0).build())
                .isInstanceOf(CertpilotException.class).hasMessageContaining("remainingShare");
    }

    @Test
    void sameSeedSameTimes() {
        RenewalPlanner other = new RenewalPlanner(RenewalSettings.builder().seed(1).build());
        assertThat(other.window(T0, T0.plus(Duration.ofDays(90)), Optional.empty()).at())
                .isEqualTo(planner.window(T0, T0.plus(Duration.ofDays(90)), Optional.empty()).at());
    }

    @Test
    void ariWindowIsPickedOnceAndPolledPerRetryAfter() {
        Instant now = T0.plus(Duration.ofDays(1));
        RenewalWindow w = new RenewalWindow(T0.plus(Duration.ofDays(60)), T0.plus(Duration.ofDays(62)),
                Optional.empty(), Optional.of(now.plus(Duration.ofHours(3))));
        RenewalPlan first = planner.ari(w, now, Optional.empty());
        assertThat(first.at()).isBetween(w.start(), w.end());
        assertThat(first.ariPollAt()).contains(now.plus(Duration.ofHours(3)));

        Instant later = now.plus(Duration.ofHours(3));
        RenewalWindow same = new RenewalWindow(w.start(), w.end(), Optional.empty(), Optional.empty());
        RenewalPlan again = planner.ari(same, later, Optional.of(first));
        assertThat(again.at()).as("same window, same time").isEqualTo(first.at());
        assertThat(again.ariPollAt()).as("default poll interval").contains(later.plus(Duration.ofHours(6)));

        RenewalWindow moved = new RenewalWindow(T0.plus(Duration.ofDays(10)), T0.plus(Duration.ofDays(11)),
                Optional.empty(), Optional.of(later.plusSeconds(1)));
        RenewalPlan next = planner.ari(moved, later, Optional.of(again));
        assertThat(next.at()).isBetween(moved.start(), moved.end());
        assertThat(next.ariPollAt()).as("at least a minute").contains(later.plus(Duration.ofMinutes(1)));
        RenewalWindow far = new RenewalWindow(w.start(), w.end(), Optional.empty(),
                Optional.of(later.plus(Duration.ofDays(30))));
        assertThat(planner.ari(far, later, Optional.empty()).ariPollAt()).as("at most a day")
                .contains(later.plus(Duration.ofDays(1)));
    }

    @Test
    void backoffDoublesUpToItsCapAndNeverPastHalfTheTimeLeft() {
        Instant notAfter = T0.plus(Duration.ofDays(30));
        assertThat(planner.retryAt(1, Optional.empty(), T0, notAfter)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(planner.retryAt(2, Optional.empty(), T0, notAfter)).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(planner.retryAt(4, Optional.empty(), T0, notAfter)).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        assertThat(planner.retryAt(10, Optional.empty(), T0, notAfter)).isEqualTo(T0.plus(Duration.ofHours(6)));
        assertThat(planner.retryAt(1000, Optional.empty(), T0, notAfter)).isEqualTo(T0.plus(Duration.ofHours(6)));
        Instant soon = T0.plus(Duration.ofHours(4));
        assertThat(planner.retryAt(10, Optional.empty(), T0, soon)).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(planner.retryAt(10, Optional.empty(), T0, T0.plusSeconds(30)))
                .isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void retryAfterIsNeverAnticipated() {
        Instant notAfter = T0.plus(Duration.ofDays(30));
        Instant retryAfter = T0.plus(Duration.ofHours(9));
        assertThat(planner.retryAt(1, Optional.of(retryAfter), T0, notAfter)).isEqualTo(retryAfter);
        assertThat(planner.retryAt(3, Optional.of(T0.plusSeconds(1)), T0, notAfter))
                .isEqualTo(T0.plus(Duration.ofMinutes(20)));
    }
}
