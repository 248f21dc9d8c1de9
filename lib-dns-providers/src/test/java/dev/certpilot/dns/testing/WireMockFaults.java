package dev.certpilot.dns.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Injects failures into a {@link WireMockServer} with stubs of the highest priority (1) in front of whatever else it
 * serves: a stateful fake ({@link FakeApi}) or a proxy to a real server ({@link #proxyTo}). Failures answer HTTP 503
 * with a small JSON body; the first carries {@code Retry-After: 1} so the provider's handling of it is exercised.
 */
public final class WireMockFaults implements FaultInjector {

    private static final String SCENARIO = "injected-faults";

    private final WireMockServer server;
    private final List<StubMapping> stubs = new ArrayList<>();

    /** Injects into {@code server}. */
    public WireMockFaults(WireMockServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Starts WireMock on a free loopback port forwarding every request (that no fault stub answers) to
     * {@code baseUrl}: a real server with faults injectable in front of it.
     */
    public static WireMockServer startProxy(String baseUrl) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(baseUrl)));
        return server;
    }

    @Override
    public synchronized void failNext(int count) {
        heal();
        for (int i = 0; i < count; i++) {
            String state = i == 0 ? Scenario.STARTED : "fault-" + i;
            String next = i + 1 == count ? "healed" : "fault-" + (i + 1);
            var response = aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"injected outage\"}");
            if (i == 0) {
                response = response.withHeader("Retry-After", "1");
            }
            stubs.add(server.stubFor(any(anyUrl()).atPriority(1).inScenario(SCENARIO).whenScenarioStateIs(state)
                    .willReturn(response).willSetStateTo(next)));
        }
    }

    @Override
    public synchronized void failAlways() {
        heal();
        stubs.add(server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"injected outage\"}"))));
    }

    @Override
    public synchronized void heal() {
        stubs.forEach(server::removeStub);
        stubs.clear();
        server.resetScenarios();
    }

    @Override
    public int failuresServed() {
        return (int) server.getAllServeEvents().stream()
                .filter(e -> e.getResponse() != null && e.getResponse().getStatus() == 503
                        && e.getResponse().getBodyAsString().contains("injected outage"))
                .count();
    }
}
