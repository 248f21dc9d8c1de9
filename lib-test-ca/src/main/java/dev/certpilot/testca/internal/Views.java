package dev.certpilot.testca.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;

/** JSON forms of stored objects; callers hold the store lock. */
final class Views {
    private Views() {
    }

    static Map<String, Object> account(Account a, String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status);
        m.put("contact", a.contacts);
        m.put("termsOfServiceAgreed", true);
        m.put("orders", base + Paths.ORDERS + a.id);
        m.put("key", a.key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        m.put("createdAt", a.createdAt.toString());
        if (a.eabBinding != null) {
            m.put("externalAccountBinding", a.eabBinding);
        }
        return m;
    }

    static Map<String, Object> order(Order o, String base, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", o.status(now));
        m.put("expires", o.expires.toString());
        m.put("identifiers", o.identifiers.stream().map(Identifier::toJson).toList());
        m.put("authorizations", o.authorizations.stream().map(a -> base + Paths.AUTHZ + a.id).toList());
        m.put("finalize", base + Paths.FINALIZE + o.id);
        m.put("profile", o.profile);
        if (o.replaces != null) {
            m.put("replaces", o.replaces);
        }
        if (o.certificate != null) {
            m.put("certificate", base + Paths.CERT + o.certificate.id);
        }
        if (o.error != null) {
            m.put("error", o.error.toJson());
        }
        return m;
    }

    static Map<String, Object> authorization(Authorization a, String base, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status(now));
        m.put("expires", a.expires.toString());
        m.put("identifier", a.identifier.toJson());
        List<Object> challenges = new ArrayList<>();
        for (Challenge c : a.challenges) {
            challenges.add(challenge(c, base));
        }
        m.put("challenges", challenges);
        if (a.wildcard) {
            m.put("wildcard", true);
        }
        return m;
    }

    static Map<String, Object> challenge(Challenge c, String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type);
        m.put("url", base + Paths.CHALLENGE + c.id);
        m.put("token", c.token);
        m.put("status", c.status);
        if (c.validated != null) {
            m.put("validated", c.validated.toString());
        }
        if (c.error != null) {
            m.put("error", c.error.toJson());
        }
        return m;
    }
}
