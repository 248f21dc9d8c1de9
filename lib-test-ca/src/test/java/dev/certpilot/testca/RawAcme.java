package dev.certpilot.testca;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;

/** Test helper: a hand-driven ACME client that can build malformed requests. */
final class RawAcme {
    /** An HTTP answer. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        List<String> headerValues(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(Map.Entry::getValue).orElse(List.of());
        }

        Map<String, Object> json() {
            try {
                return JsonUtil.parseJson(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        /** The ACME error name of a problem answer, e.g. {@code badNonce}. */
        String problem() {
            String type = (String) json().get("type");
            return type.substring("urn:ietf:params:acme:error:".length());
        }
    }

    final TestCa ca;
    final HttpClient http;
    final Map<String, Object> directory;

    RawAcme(TestCa ca) throws Exception {
        this.ca = ca;
        this.http = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
        this.directory = get(ca.directoryUrl().toString()).json();
    }

    String url(String name) {
        return (String) directory.get(name);
    }

    Response get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    Response head(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    Response post(String url, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private Response send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    String nonce() throws Exception {
        return head(url("newNonce")).header("Replay-Nonce");
    }

    static KeyPair ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static KeyPair rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static String algOf(KeyPair key) {
        if (key.getPublic().getAlgorithm().equals("RSA")) {
            return "RS256";
        }
        int bits = ((java.security.interfaces.ECPublicKey) key.getPublic()).getParams().getCurve().getField()
                .getFieldSize();
        return bits == 256 ? "ES256" : bits == 384 ? "ES384" : "ES512";
    }

    /** A flattened JWS; {@code customize} may change headers before signing. */
    static String jws(String payload, Key signingKey, String alg, Consumer<JsonWebSignature> customize)
            throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(signingKey);
        customize.accept(jws);
        String[] parts = jws.getCompactSerialization().split("\\.", -1);
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("protected", parts[0]);
        flat.put("payload", parts[1]);
        flat.put("signature", parts[2]);
        return JsonUtil.toJson(flat);
    }

    /** A flattened JWS with the given {@code url}, {@code nonce} and {@code kid} headers (each omitted when null). */
    static String jws(String payload, Key signingKey, String alg, String url, String nonce, String kid)
            throws Exception {
        return jws(payload, signingKey, alg, j -> {
            if (url != null) {
                j.getHeaders().setObjectHeaderValue("url", url);
            }
            if (nonce != null) {
                j.getHeaders().setObjectHeaderValue("nonce", nonce);
            }
            if (kid != null) {
                j.setKeyIdHeaderValue(kid);
            }
        });
    }

    /** A correctly signed request ({@code kid} null: embedded jwk). */
    String signedBody(String url, String payload, KeyPair key, String kid) throws Exception {
        String nonce = nonce();
        return jws(payload, key.getPrivate(), algOf(key), j -> {
            j.getHeaders().setObjectHeaderValue("url", url);
            j.getHeaders().setObjectHeaderValue("nonce", nonce);
            if (kid == null) {
                try {
                    j.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(key.getPublic()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                j.setKeyIdHeaderValue(kid);
            }
        });
    }

    Response signed(String url, String payload, KeyPair key, String kid) throws Exception {
        return post(url, signedBody(url, payload, key, kid), "application/jose+json");
    }

    /** Creates an account; returns its URL (the kid). */
    String newAccount(KeyPair key) throws Exception {
        Response r = signed(url("newAccount"), "{\"termsOfServiceAgreed\":true}", key, null);
        if (r.status() != 201) {
            throw new IllegalStateException("newAccount failed: " + r.body());
        }
        return r.header("Location");
    }

    /** Creates an order for DNS names; returns the response. */
    Response newOrder(KeyPair key, String kid, String... names) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (String n : names) {
            ids.append(ids.length() == 0 ? "" : ",").append("{\"type\":\"dns\",\"value\":\"").append(n).append("\"}");
        }
        return signed(url("newOrder"), "{\"identifiers\":[" + ids + "]}", key, kid);
    }
}
