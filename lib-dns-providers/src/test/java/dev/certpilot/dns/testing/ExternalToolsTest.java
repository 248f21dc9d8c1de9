package dev.certpilot.dns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolsTest {

    @Test
    void findsAnInstalledProgram() {
        assertThat(ExternalTools.require("sh", "dash")).isExecutable();
    }

    @Test
    void missingProgramSkipsOrFailsAsTheEnvironmentSays() {
        Class<? extends Throwable> expected = "1".equals(System.getenv(ExternalTools.REQUIRE_ENV))
                ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> ExternalTools.require("certpilot-no-such-program", "no-such-package"))
                .isInstanceOf(expected).hasMessageContaining("no-such-package");
    }
}
