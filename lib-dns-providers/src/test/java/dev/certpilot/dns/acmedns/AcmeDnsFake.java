package dev.certpilot.dns.acmedns;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.certpilot.dns.testing.FakeApi;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * acme-dns as its README documents the API (https://github.com/joohoi/acme-dns#api): {@code POST /register}
 * answers 201 with {@code {username, password, fulldomain, subdomain, allowfrom}}; {@code POST /update} with
 * {@code X-Api-User}/{@code X-Api-Key} and {@code {"subdomain", "txt"}} answers 200 {@code {"txt": ...}}, 401
 * {@code {"error": "forbidden"}} for wrong credentials or another account's subdomain, 400 {@code {"error":
 * "bad_txt"}} unless the value is 43 characters; each account keeps only its last two values.
 */
final class AcmeDnsFake extends FakeApi {

    static final String DOMAIN = "auth.acme-dns.test";

    private record Account(String username, String password, String subdomain, Deque<String> values) {
    }

    private final Map<String, Account> bySubdomain = new LinkedHashMap<>();

    /** Registers an account directly, as {@code /register} would, and returns its credentials. */
    synchronized AcmeDnsAccount register() {
        String sub = UUID.randomUUID().toString();
        Account a = new Account(UUID.randomUUID().toString(), "pw-" + UUID.randomUUID().toString().replace("-", ""),
                sub, new ArrayDeque<>());
        bySubdomain.put(sub, a);
        return new AcmeDnsAccount(a.username(), a.password(), sub + "." + DOMAIN, sub);
    }

    @Override
    protected ResponseDefinition handle(Request request) {
        String path = path(request);
        if (path.equals("/register") && "POST".equals(request.getMethod().getName())) {
            AcmeDnsAccount a = register();
            return json(201, Map.of("username", a.username(), "password", a.password(),
                    "fulldomain", a.fullDomain(), "subdomain", a.subdomain(), "allowfrom", java.util.List.of()));
        }
        if (!path.equals("/update") || !"POST".equals(request.getMethod().getName())) {
            return json(404, Map.of("error", "not found"));
        }
        JsonNode body = body(request);
        Account a = bySubdomain.get(body.path("subdomain").asText());
        if (a == null || !a.username().equals(request.getHeader("X-Api-User"))
                || !a.password().equals(request.getHeader("X-Api-Key"))) {
            return json(401, Map.of("error", "forbidden"));
        }
        String txt = body.path("txt").asText();
        if (txt.length() != 43) {
            return json(400, Map.of("error", "bad_txt"));
        }
        a.values().addLast(txt);
        while (a.values().size() > 2) {
            a.values().removeFirst();
        }
        return json(200, Map.of("txt", txt));
    }

    @Override
    public synchronized Set<String> txtValues(String fqdn) {
        for (Account a : bySubdomain.values()) {
            if ((a.subdomain() + "." + DOMAIN).equals(fqdn)) {
                return new LinkedHashSet<>(a.values());
            }
        }
        return Set.of();
    }
}
