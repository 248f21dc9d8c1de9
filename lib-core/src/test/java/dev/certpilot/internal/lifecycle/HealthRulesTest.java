package dev.certpilot.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.CertificateHealth;
import dev.certpilot.CertificateState;
import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.Failure;
import dev.certpilot.HealthStatus;
import dev.certpilot.HealthThresholds;
import dev.certpilot.spi.CertificateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private final HealthRules rules = new HealthRules(HealthThresholds.defaults());

    @ParameterizedTest(name = "{0} d lifetime, {1} h left, failing {2}: {3}")
    @CsvSource({
        "90, 2160, false, OK",
        "90, 721, false, OK",
        "90, 720, false, WARNING",
        "90, 169, false, WARNING",
        "90, 168, false, CRITICAL",
        "90, 0, false, CRITICAL",
        "90, -5, false, CRITICAL",
        "90, 1000, true, WARNING",
        "90, 720, true, CRITICAL",
        "45, 361, false, OK",
        "45, 360, false, WARNING",
        "45, 84, false, CRITICAL",
        "6, 49, false, OK",
        "6, 48, false, WARNING",
        "6, 11, false, CRITICAL",
        "365, 721, false, OK",
        "365, 720, false, WARNING",
    })
    void issuedCertificates(int lifetimeDays, int hoursLeft, boolean failing, HealthStatus expected) {
        Instant notAfter = NOW.plus(Duration.ofHours(hoursLeft));
        CertificateRecord r = issued(notAfter.minus(Duration.ofDays(lifetimeDays)), notAfter, failing);
        CertificateHealth h = rules.evaluate(r, NOW);
        assertThat(h.status()).isEqualTo(expected);
        assertThat(h.timeLeft()).contains(Duration.ofHours(hoursLeft));
        assertThat(h.daysLeft().getAsLong()).isEqualTo(Math.floorDiv(hoursLeft, 24));
        assertThat(h.reason()).contains(failing ? "renewal failing (CA_ERROR)" : "expire");
    }

    @Test
    void aRenewalThatTheCasWindowPlansAfterTheWarningThresholdIsNotLate() {
        Instant notAfter = NOW.plus(Duration.ofDays(28));
        Instant windowEnd = notAfter.minus(Duration.ofDays(27));
        CertificateRecord r = issued(notAfter.minus(Duration.ofDays(90)), notAfter, false).toBuilder()
                .attributes(new RenewalPlan(windowEnd.minus(Duration.ofDays(1)), RenewalPlan.Source.ARI,
                        windowEnd.minus(Duration.ofDays(6)), windowEnd, Optional.empty()).writeTo(Map.of()))
                .build();
        assertThat(rules.evaluate(r, NOW).status()).isEqualTo(HealthStatus.OK);
        assertThat(rules.nextCheck(r, NOW)).contains(windowEnd);
        assertThat(rules.evaluate(r, windowEnd).status()).as("past the window").isEqualTo(HealthStatus.WARNING);
        assertThat(rules.evaluate(r.toBuilder().autoRenew(false).build(), NOW).status()).isEqualTo(HealthStatus.WARNING);
        assertThat(rules.evaluate(r.toBuilder().failure(new Failure(ErrorCode.CA_ERROR, "down", NOW, Optional.empty()))
                .build(), NOW).status()).as("failing within the threshold").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void statesWithoutACertificateInService() {
        CertificateRecord base = issued(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)), false);
        assertThat(rules.evaluate(base.toBuilder().state(CertificateState.EXPIRED).build(), NOW).status())
                .isEqualTo(HealthStatus.CRITICAL);
        assertThat(rules.evaluate(base.toBuilder().state(CertificateState.REVOKED).build(), NOW).status())
                .isEqualTo(HealthStatus.INACTIVE);
        CertificateRecord fresh = CertificateRecord.builder().id("x").names(List.of("a.example")).createdAt(NOW)
                .updatedAt(NOW).build();
        for (CertificateState s : List.of(CertificateState.PENDING_APPROVAL, CertificateState.PENDING,
                CertificateState.VALIDATING, CertificateState.AWAITING_MANUAL_DNS, CertificateState.REJECTED)) {
            CertificateHealth h = rules.evaluate(fresh.toBuilder().state(s).build(), NOW);
            assertThat(h.status()).isEqualTo(HealthStatus.INACTIVE);
            assertThat(h.daysLeft()).isEmpty();
        }
        assertThat(rules.evaluate(fresh.toBuilder().state(CertificateState.FAILED).build(), NOW).status())
                .isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void thresholdsScaleBelowNinetyDaysAndAreValidated() {
        HealthThresholds t = HealthThresholds.defaults();
        assertThat(t.warningFor(Duration.ofDays(6))).isEqualTo(Duration.ofDays(2));
        assertThat(t.criticalFor(Duration.ofDays(6))).isEqualTo(Duration.ofMinutes(672));
        assertThat(t.warningFor(Duration.ofDays(400))).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> new HealthThresholds(Duration.ofDays(1), Duration.ofDays(2)))
                .isInstanceOf(CertpilotException.class);
        assertThatThrownBy(() -> new HealthThresholds(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(CertpilotException.class);
    }

    static CertificateRecord issued(Instant notBefore, Instant notAfter, boolean failing) {
        return CertificateRecord.builder().id("c-" + notAfter).names(List.of("a.example")).createdAt(notBefore)
                .updatedAt(notBefore).state(CertificateState.ISSUED).version(1).serial("01").notBefore(notBefore)
                .notAfter(notAfter)
                .failure(failing ? new Failure(ErrorCode.CA_ERROR, "down", NOW, Optional.empty()) : null)
                .consecutiveFailures(failing ? 1 : 0).build();
    }
}
