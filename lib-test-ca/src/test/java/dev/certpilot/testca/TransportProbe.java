package dev.certpilot.testca;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "probe", matches = "true")
class TransportProbe {
    @Test
    void probe() throws Exception {
        try (TestCa ca = TestCa.start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
            var req = HttpRequest.newBuilder(ca.directoryUrl().resolve("/nonce-plz"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            for (int round = 0; round < 3; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    client.send(req, HttpResponse.BodyHandlers.discarding());
                }
                System.out.printf("HEAD nonce %.3f ms%n", (System.nanoTime() - t) / 1e6 / 1000);
            }
            var get = HttpRequest.newBuilder(ca.directoryUrl()).build();
            long t = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                client.send(get, HttpResponse.BodyHandlers.ofString());
            }
            System.out.printf("GET dir %.3f ms%n", (System.nanoTime() - t) / 1e6 / 1000);
        }
    }
}
