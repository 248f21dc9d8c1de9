package dev.certpilot.dns.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.RetryPolicy;
import dev.certpilot.dns.testing.FreePorts;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpApiTest {

    private static final String TOKEN = "tok-Yq83HdKs02Lm";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpApi api(String baseUrl, RetryPolicy retry, Duration requestTimeout) {
        HttpSettings settings = new HttpSettings(URI.create(baseUrl), Duration.ofSeconds(2), requestTimeout, retry,
                sleeper, Clock.fixed(NOW, ZoneOffset.UTC), null);
        Secret token = Secret.of(TOKEN, "token");
        return new HttpApi("test", settings, Authenticator.bearer(token), Redactor.of(token),
                ErrorMessage.jsonField("error"));
    }

    private HttpApi api() {
        return api(server.baseUrl(), RetryPolicy.defaults(), Duration.ofSeconds(5));
    }

    private void failThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        server.stubFor(get("/x").inScenario("s").whenScenarioStateIs(Scenario.STARTED).willReturn(failure)
                .willSetStateTo("ok"));
        server.stubFor(get("/x").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{\"ok\": true}")));
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        failThenSucceed(aResponse().withStatus(503).withHeader("Retry-After", "7"));
        assertThat(api().json(ApiRequest.get("/x")).path("ok").asBoolean()).isTrue();
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
        server.verify(2, getRequestedFor(urlPathEqualTo("/x")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void retryAfterAsHttpDateIsMeasuredWithTheClock() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        failThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", date));
        api().send(ApiRequest.get("/x"));
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterLongerThanAllowedEndsAtOnce() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        assertThatThrownBy(() -> api().send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(429);
                    assertThat(e.getMessage()).contains("retry after 3600 s");
                });
        assertThat(sleeper.sleeps()).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo("/x")));
    }

    @Test
    void persistentServerErrorsBackOffExponentiallyThenFail() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(500).withBody("{\"error\": \"db down\"}")));
        assertThatThrownBy(() -> api().send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DNS_PROVIDER_ERROR);
                    assertThat(e.httpStatus()).hasValue(500);
                    assertThat(e.getMessage()).contains("GET /x failed: HTTP 500 after 4 attempts: db down");
                });
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    @Test
    void clientErrorsAreNotRetriedUnlessAccepted() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(404).withBody("{\"error\": \"no such zone\"}")));
        assertThatThrownBy(() -> api().send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.getMessage()).endsWith("HTTP 404: no such zone"));
        assertThat(api().send(ApiRequest.get("/x"), 404).status()).isEqualTo(404);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void rejectedCredentialsAreAnAuthenticationFailureWithTheTokenRedacted() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": \"token " + TOKEN + " is not valid; password=hunter2\"}")));
        assertThatThrownBy(() -> api().send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.getMessage()).contains("authentication failed", "[redacted]")
                            .doesNotContain(TOKEN).doesNotContain("hunter2");
                });
    }

    @Test
    void connectionFailuresAreRetriedThenTyped() {
        HttpApi closed = api("http://127.0.0.1:" + FreePorts.tcp(), RetryPolicy.defaults(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> closed.send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.getMessage()).contains("after 4 attempts", "ConnectException");
                });
        assertThat(sleeper.sleeps()).hasSize(3);
    }

    @Test
    void slowAnswersTimeOutPerAttempt() {
        server.stubFor(get("/x").willReturn(okJson("{}").withFixedDelay(2_000)));
        HttpApi impatient = api(server.baseUrl(), new RetryPolicy(2, Duration.ZERO, Duration.ZERO,
                Duration.ZERO), Duration.ofMillis(200));
        assertThatThrownBy(() -> impatient.send(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.getMessage()).contains("HttpTimeoutException", "after 2 attempts"));
    }

    @Test
    void answersThatAreNotJsonAreTypedErrors() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(200).withBody("<html>proxy login</html>")));
        assertThatThrownBy(() -> api().json(ApiRequest.get("/x")))
                .isInstanceOfSatisfying(DnsProviderException.class,
                        e -> assertThat(e.getMessage()).contains("not JSON"));
    }

    @Test
    void queryParametersAndPathSegmentsAreEncoded() {
        server.stubFor(get(urlPathEqualTo("/zones/a%20b/records")).willReturn(okJson("[]")));
        api().send(ApiRequest.get(ApiRequest.path("zones", "a b", "records")).query("name", "x&y=z"));
        server.verify(getRequestedFor(urlPathEqualTo("/zones/a%20b/records")).withQueryParam("name", equalTo("x&y=z")));
    }
}
