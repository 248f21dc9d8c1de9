package dev.certpilot.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.certpilot.spi.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTargetTest {

    @Test
    void callsTheCallbackWithTheDelivery() {
        List<Delivery> seen = new ArrayList<>();
        CallbackTarget target = DistributionTargets.callback("push", seen::add);
        Delivery d = TestCertificates.delivery("c1", 3, "example.test");
        assertThat(target.deliver(d).actions()).containsExactly("called the callback");
        assertThat(seen).containsExactly(d);
        assertThat(target.name()).isEqualTo("push");
        assertThat(target).hasToString("CallbackTarget[push]");
    }

    @Test
    void dryRunDoesNotCallIt() {
        List<Delivery> seen = new ArrayList<>();
        assertThat(DistributionTargets.callback("push", seen::add)
                .deliver(TestCertificates.dryRun(TestCertificates.delivery("c1", 1, "example.test"))).actions())
                .containsExactly("would call the callback");
        assertThat(seen).isEmpty();
    }

    @Test
    void aFailingCallbackFailsTheDelivery() {
        CallbackTarget target = DistributionTargets.callback("push", d -> {
            throw new IllegalStateException("load balancer said 503");
        });
        assertThatThrownBy(() -> target.deliver(TestCertificates.delivery("c1", 1, "example.test")))
                .isInstanceOfSatisfying(DistributionException.class, e -> {
                    assertThat(e.target()).isEqualTo("push");
                    assertThat(e.getMessage()).contains("load balancer said 503");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });
    }
}
