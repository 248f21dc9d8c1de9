package dev.certpilot.testca.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoncesTest {
    @Test
    void eachNonceIsRedeemableOnceAndOnlyTheLatestAreRemembered() {
        Nonces nonces = new Nonces(new Random(1));
        String first = nonces.next();
        String second = nonces.next();
        assertThat(first).isNotEqualTo(second).matches("[A-Za-z0-9_-]{22}");
        assertThat(nonces.redeem(first)).isTrue();
        assertThat(nonces.redeem(first)).isFalse();
        assertThat(nonces.redeem("made-up")).isFalse();
        assertThat(nonces.redeem(null)).isFalse();
        for (int i = 0; i < Nonces.CAPACITY; i++) {
            nonces.next();
        }
        assertThat(nonces.redeem(second)).as("forgotten after CAPACITY newer nonces").isFalse();
        assertThat(nonces.redeem(nonces.next())).isTrue();
    }
}
