package dev.certpilot.dns.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.certpilot.dns.RetryPolicy;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private static final String CLIENT_SECRET = "client-secret-Vb71Lq";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AccessTokens tokens() {
        HttpSettings settings = new HttpSettings(URI.create(server.baseUrl()), Duration.ofSeconds(2),
                Duration.ofSeconds(5), RetryPolicy.defaults(), new RecordingSleeper(), clock, null);
        HttpApi api = new HttpApi("test", settings, Authenticator.NONE,
                Redactor.of(Secret.of(CLIENT_SECRET, "clientSecret")), AccessTokens.errorMessage());
        return new AccessTokens(api, () -> ApiRequest.form("/token", Map.of("client_secret", CLIENT_SECRET)), clock);
    }

    @Test
    void aTokenIsReusedUntilFiveMinutesBeforeItExpires() {
        server.stubFor(post("/token").willReturn(okJson("""
                {"token_type": "Bearer", "expires_in": 3599, "access_token": "eyJ0eXAiOi.first"}""")));
        AccessTokens tokens = tokens();

        assertThat(tokens.token()).isEqualTo("eyJ0eXAiOi.first");
        now.set(now.get().plusSeconds(3599 - 301));
        assertThat(tokens.bearer().headers("GET", URI.create("http://x/"), new byte[0]))
                .containsEntry("Authorization", "Bearer eyJ0eXAiOi.first");
        server.verify(1, postRequestedFor(urlPathEqualTo("/token")));
        now.set(now.get().plusSeconds(2));
        tokens.token();
        server.verify(2, postRequestedFor(urlPathEqualTo("/token")));
        assertThat(tokens.current()).containsExactly("eyJ0eXAiOi.first");
        tokens.invalidate();
        assertThat(tokens.current()).isEmpty();
    }

    @Test
    void aLifetimeGivenAsTextIsRead() {
        server.stubFor(post("/token").willReturn(okJson("""
                {"token_type": "Bearer", "expires_in": "120", "access_token": "short"}""")));
        AccessTokens tokens = tokens();
        tokens.token();
        now.set(now.get().plusSeconds(59));
        tokens.token();
        server.verify(1, postRequestedFor(urlPathEqualTo("/token")));
        now.set(now.get().plusSeconds(2));
        tokens.token();
        server.verify(2, postRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void rejectedCredentialsAreAnAuthenticationFailureWithTheEndpointsExplanation() {
        server.stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type",
                "application/json").withBody("""
                {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}""")));

        assertThatThrownBy(() -> tokens().token()).isInstanceOfSatisfying(DnsProviderException.class, e -> {
            assertThat(e.isAuthenticationFailure()).isTrue();
            assertThat(e.getMessage()).contains("invalid_client: AADSTS7000215").doesNotContain(CLIENT_SECRET);
        });
    }

    @Test
    void otherRefusalsAreNotAuthenticationFailures() {
        server.stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type",
                "application/json").withBody("{\"error\": \"invalid_scope\"}")));
        assertThatThrownBy(() -> tokens().token()).isInstanceOfSatisfying(DnsProviderException.class,
                e -> assertThat(e.isAuthenticationFailure()).isFalse());
        server.stubFor(post("/token").willReturn(okJson("{\"token_type\": \"Bearer\"}")));
        assertThatThrownBy(() -> tokens().token()).isInstanceOf(DnsProviderException.class);
    }
}
