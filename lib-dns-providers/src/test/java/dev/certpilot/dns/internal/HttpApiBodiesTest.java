package dev.certpilot.dns.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.certpilot.dns.RetryPolicy;
import dev.certpilot.dns.testing.RecordingSleeper;
import dev.certpilot.spi.DnsProviderException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpApi} with bodies that are not JSON, extra transient answers and authentication failures by content. */
class HttpApiBodiesTest {

    private static final String SECRET = "form-secret-Xy82kQ";

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

    private HttpApi api(java.util.function.Predicate<ApiResponse> alsoTransient) {
        HttpSettings settings = new HttpSettings(URI.create(server.baseUrl()), Duration.ofSeconds(2),
                Duration.ofSeconds(5), RetryPolicy.defaults(), sleeper, Clock.systemUTC(), null);
        return new HttpApi("test", settings, Authenticator.NONE, Redactor.of(Secret.of(SECRET, "s")),
                ErrorMessage.BODY_TEXT, alsoTransient);
    }

    @Test
    void aFormIsSentEncodedWithItsContentType() {
        server.stubFor(post("/token").willReturn(aResponse().withStatus(200).withBody("{}")));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "client_credentials");
        fields.put("client_secret", "a b&c=d");

        api(r -> false).send(ApiRequest.form("/token", fields));

        server.verify(postRequestedFor(urlPathEqualTo("/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials&client_secret=a+b%26c%3Dd")));
        assertThat(ApiRequest.form("/token", fields).body().toString()).doesNotContain("a b");
    }

    @Test
    void aRawBodyIsSentAsItIsAndRequestHeadersReplaceTheDefaults() {
        server.stubFor(post("/xml").willReturn(aResponse().withStatus(200).withBody("<ok/>")));

        api(r -> false).send(ApiRequest.raw("POST", "/xml", "application/xml", "<a>1</a>".getBytes(StandardCharsets.UTF_8))
                .header("Accept", "text/xml"));

        server.verify(postRequestedFor(urlPathEqualTo("/xml")).withHeader("Content-Type", equalTo("application/xml"))
                .withHeader("Accept", equalTo("text/xml")).withRequestBody(equalTo("<a>1</a>")));
        assertThat(server.getAllServeEvents().get(0).getRequest().getHeaders().getHeader("Accept").values())
                .containsExactly("text/xml");
    }

    @Test
    void answersTheServiceCallsTransientAreRetriedEvenWhenTheirStatusIsAccepted() {
        server.stubFor(post("/x").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody("Throttling")).willSetStateTo("ok"));
        server.stubFor(post("/x").inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(400).withBody("InvalidChangeBatch")));

        ApiResponse response = api(r -> r.text().equals("Throttling")).send(ApiRequest.post("/x", Map.of()), 400);

        assertThat(response.text()).isEqualTo("InvalidChangeBatch");
        assertThat(sleeper.sleeps()).hasSize(1);
    }

    @Test
    void aFailureCanBeMarkedAsAnAuthenticationFailure() {
        server.stubFor(post("/x").willReturn(aResponse().withStatus(400).withBody("invalid_client " + SECRET)));
        HttpApi api = api(r -> false);
        ApiRequest request = ApiRequest.post("/x", Map.of());
        ApiResponse response = api.send(request, 400);

        DnsProviderException e = api.failure(request, response, true);

        assertThat(e.isAuthenticationFailure()).isTrue();
        assertThat(e.httpStatus()).hasValue(400);
        assertThat(e.getMessage()).startsWith("test: POST /x was refused: authentication failed, HTTP 400")
                .contains("invalid_client").doesNotContain(SECRET);
        assertThat(api.failure(request, response, false).isAuthenticationFailure()).isFalse();
        assertThatThrownBy(() -> ApiRequest.raw("POST", "x", "text/plain", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
