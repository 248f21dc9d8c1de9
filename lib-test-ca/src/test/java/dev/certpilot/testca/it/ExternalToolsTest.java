package dev.certpilot.testca.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ExternalToolsTest {

    @Test
    void aPresentProgramPassesEitherWay() {
        assertThatCode(() -> ExternalTools.require("sh", true, "apt-get install -y dash", true)).doesNotThrowAnyException();
        assertThatCode(() -> ExternalTools.require("sh", true, "apt-get install -y dash", false)).doesNotThrowAnyException();
    }

    @Test
    void aMissingProgramSkipsWhenNotRequired() {
        assertThatThrownBy(() -> ExternalTools.require("frobnicator", false, "apt-get install -y frob", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("frobnicator is not installed (apt-get install -y frob)")
                .hasMessageContaining(ExternalTools.REQUIRE_VARIABLE);
    }

    @Test
    void aMissingProgramFailsWhenRequired() {
        assertThatThrownBy(() -> ExternalTools.require("frobnicator", false, "apt-get install -y frob", true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("frobnicator is not installed")
                .hasMessageContaining("bin/test");
    }

    @Test
    void findsProgramsOnThePath() {
        assertThat(ExternalTools.findOnPath("sh")).isPresent();
        assertThat(ExternalTools.findOnPath("certpilot-no-such-program")).isEmpty();
    }
}
