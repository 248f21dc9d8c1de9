package dev.certpilot.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = Redactor.of(Secret.of("p@ss word/42", "password"));

    @Test
    void removesTheSecretAsGivenUrlEncodedAndBase64() {
        String b64 = Base64.getEncoder().encodeToString("p@ss word/42".getBytes());
        String text = "a p@ss word/42 b p%40ss+word%2F42 c " + b64;
        assertThat(redactor.redact(text)).isEqualTo("a [redacted] b [redacted] c [redacted]");
    }

    @Test
    void removesCredentialLookingFieldsWhateverTheirValue() {
        assertThat(redactor.redact("Authorization: Bearer abc.def-ghi")).doesNotContain("abc.def-ghi");
        assertThat(redactor.redact("{\"api_key\": \"k-123\", \"name\": \"x\"}")).doesNotContain("k-123").contains("x");
        assertThat(redactor.redact("https://h/p?ApiKey=zz99&user=me")).doesNotContain("zz99").contains("user=me");
        assertThat(redactor.redact("password='hunter2'")).doesNotContain("hunter2");
        assertThat(redactor.redact("X-Auth-Key: 0123456789abcdef")).doesNotContain("0123456789abcdef");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "GET /zones?name=example.com failed: HTTP 404: zone not found";
        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void dynamicRedactorSeesSecretsAddedLater() {
        List<String> secrets = new ArrayList<>();
        Redactor dynamic = Redactor.dynamic(() -> secrets);
        secrets.add("late-secret-1");
        assertThat(dynamic.redact("x late-secret-1 y")).isEqualTo("x [redacted] y");
    }

    @Test
    void truncatesWithAnEllipsis() {
        assertThat(Redactor.truncate("abcdefghij", 6)).isEqualTo("abc...");
        assertThat(Redactor.truncate("abc", 6)).isEqualTo("abc");
    }

    @Test
    void secretHidesItselfInToString() {
        assertThat(Secret.of("xyz", "k").toString()).isEqualTo("[redacted]");
    }
}
