package dev.certpilot.internal.acme;

import dev.certpilot.CaException;
import dev.certpilot.ErrorCode;
import dev.certpilot.Problem;
import dev.certpilot.internal.DomainNames;
import dev.certpilot.spi.AuthorizationState;
import dev.certpilot.spi.AuthorizationStatus;
import dev.certpilot.spi.DnsChallenge;
import dev.certpilot.spi.IssuedChain;
import dev.certpilot.spi.IssuerOrder;
import dev.certpilot.spi.IssuerSession;
import dev.certpilot.spi.OrderSpec;
import dev.certpilot.spi.OrderStatus;
import dev.certpilot.spi.RenewalWindow;
import java.net.URI;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * {@link IssuerSession} on acme4j. Every call is one or two HTTP requests and never sleeps; the engine polls.
 * Finalize and certificate URLs seen in order responses are remembered, so finalizing and downloading need no
 * extra fetch of the order.
 */
final class AcmeIssuerSession implements IssuerSession {

    private final String issuerName;
    private final SessionPool pool;
    private final Optional<String> defaultProfile;
    private final Optional<String> preferredChain;
    private final Map<String, OrderLinks> links = new ConcurrentHashMap<>();
    private final Clock clock;

    private record OrderLinks(URL finalizeUrl, Optional<URL> certificateUrl) {
    }

    AcmeIssuerSession(String issuerName, SessionPool pool, Optional<String> defaultProfile,
                      Optional<String> preferredChain, Clock clock) {
        this.clock = clock;
        this.issuerName = issuerName;
        this.pool = pool;
        this.defaultProfile = defaultProfile;
        this.preferredChain = preferredChain;
    }

    @Override
    public IssuerOrder newOrder(OrderSpec spec) {
        return call("creating an order for " + spec.names(), login -> {
            var builder = login.newOrder().domains(spec.names());
            Optional<String> profile = spec.profile().or(() -> defaultProfile);
            if (profile.isPresent()) {
                var meta = login.getSession().getMetadata();
                if (!meta.isProfileAllowed(profile.get())) {
                    throw new CaException(ErrorCode.CA_ERROR, "issuer '" + issuerName + "' does not offer the profile '"
                            + profile.get() + "'" + (meta.isProfileAllowed() ? " (it offers " + meta.getProfiles() + ")"
                            : " (it supports no profiles)"), null, null);
                }
                builder.profile(profile.get());
            }
            if (spec.replaces().isPresent()
                    && login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent()) {
                builder.replaces(spec.replaces().get());
            }
            Order order = builder.create();
            return view(order, Optional.empty());
        });
    }

    @Override
    public IssuerOrder order(String orderUrl) {
        return call("fetching order " + orderUrl, login -> {
            Order order = login.bindOrder(url(orderUrl));
            Optional<Instant> retryAfter = order.fetch();
            return view(order, retryAfter.map(this::managerTime));
        });
    }

    @Override
    public List<AuthorizationState> authorizations(List<String> authorizationUrls) {
        return call("fetching authorizations", login -> {
            List<AuthorizationState> out = new ArrayList<>(authorizationUrls.size());
            for (String u : authorizationUrls) {
                Authorization a = login.bindAuthorization(url(u));
                a.fetch();
                out.add(view(a));
            }
            return out;
        });
    }

    @Override
    public AuthorizationStatus trigger(String challengeUrl) {
        return call("triggering challenge " + challengeUrl, login -> {
            try (var conn = login.getSession().connect()) {
                conn.sendSignedRequest(url(challengeUrl), new JSONBuilder(), login);
                var json = conn.readJsonResponse();
                return json == null ? AuthorizationStatus.PENDING
                        : json.get("status").optional().map(v -> authzStatus(v.asStatus()))
                                .orElse(AuthorizationStatus.PENDING);
            }
        });
    }

    @Override
    public OrderStatus finalizeOrder(String orderUrl, byte[] csrDer) {
        return call("finalizing order " + orderUrl, login -> {
            OrderLinks known = links.get(orderUrl);
            if (known == null) {
                Order order = login.bindOrder(url(orderUrl));
                order.fetch();
                IssuerOrder v = view(order, Optional.empty());
                if (v.status() == OrderStatus.PROCESSING || v.status() == OrderStatus.VALID) {
                    return v.status();
                }
                known = links.get(orderUrl);
            }
            try (var conn = login.getSession().connect()) {
                JSONBuilder claims = new JSONBuilder();
                claims.putBase64("csr", csrDer);
                conn.sendSignedRequest(known.finalizeUrl(), claims, login);
                var json = conn.readJsonResponse();
                if (json == null) {
                    return OrderStatus.PROCESSING;
                }
                if (json.contains("certificate")) {
                    links.put(orderUrl, new OrderLinks(known.finalizeUrl(), Optional.of(json.get("certificate").asURL())));
                }
                return json.get("status").optional().map(v -> orderStatus(v.asStatus())).orElse(OrderStatus.PROCESSING);
            }
        });
    }

    @Override
    public IssuedChain download(String orderUrl) {
        return call("downloading the certificate of " + orderUrl, login -> {
            OrderLinks known = links.get(orderUrl);
            URL certUrl = known == null ? null : known.certificateUrl().orElse(null);
            if (certUrl == null) {
                Order order = login.bindOrder(url(orderUrl));
                order.fetch();
                certUrl = order.getCertificate().getLocation();
            }
            Certificate cert = login.bindCertificate(certUrl);
            cert.download();
            Certificate chosen = cert;
            if (preferredChain.isPresent() && !cert.isIssuedBy(preferredChain.get())) {
                chosen = cert.findCertificate(preferredChain.get()).orElse(cert);
            }
            links.remove(orderUrl);
            return new IssuedChain(chosen.getCertificateChain(), chosen.getLocation().toString());
        });
    }

    @Override
    public Optional<RenewalWindow> renewalInfo(X509Certificate certificate) {
        return call("fetching renewal information", login -> {
            if (login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
                return Optional.empty();
            }
            var info = login.bindRenewalInfo(certificate);
            Optional<Instant> retryAfter = info.fetch().map(this::managerTime);
            return Optional.of(new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd(),
                    info.getExplanation().map(URL::toString), retryAfter));
        });
    }

    @Override
    public void revoke(X509Certificate certificate, int reason) {
        call("revoking certificate " + certificate.getSerialNumber().toString(16), login -> {
            Certificate.revoke(login, certificate, RevocationReason.code(reason));
            return null;
        });
    }

    /**
     * acme4j turns a {@code Retry-After} into an instant of the CA's (real) time; the engine waits on the manager's
     * clock, which tests move by hand. The delay is kept, moved onto the manager's clock.
     */
    private Instant managerTime(Instant caTime) {
        return clock.instant().plus(Duration.between(Instant.now(), caTime));
    }

    private IssuerOrder view(Order order, Optional<Instant> retryAfter) {
        String url = order.getLocation().toString();
        var json = order.getJSON();
        json.get("finalize").optional().map(v -> v.asURL()).ifPresent(f -> links.put(url,
                new OrderLinks(f, json.get("certificate").optional().map(v -> v.asURL()))));
        List<String> authz = json.get("authorizations").asArray().stream().map(v -> v.asString()).toList();
        return new IssuerOrder(url, orderStatus(order.getStatus()), authz, order.getExpires(), retryAfter,
                order.getError().map(AcmeErrors::problem));
    }

    private static AuthorizationState view(Authorization a) {
        String value = a.getIdentifier().getDomain();
        String name = a.isWildcard() ? "*." + value : value;
        Optional<Dns01Challenge> ch = a.findChallenge(Dns01Challenge.class);
        Optional<DnsChallenge> dns = ch.map(c -> new DnsChallenge(c.getLocation().toString(),
                DomainNames.recordName(c.getRRName(a.getIdentifier())), c.getDigest(), authzStatus(c.getStatus())));
        Optional<Problem> error = ch.flatMap(Challenge::getError).map(AcmeErrors::problem);
        return new AuthorizationState(a.getLocation().toString(), name, authzStatus(a.getStatus()), dns,
                error.map(p -> p.identifier().isPresent() ? p : new Problem(p.type(), p.detail(), p.status(),
                        Optional.of(name), p.subproblems())));
    }

    private static OrderStatus orderStatus(Status s) {
        return switch (s) {
            case PENDING -> OrderStatus.PENDING;
            case READY -> OrderStatus.READY;
            case PROCESSING -> OrderStatus.PROCESSING;
            case VALID -> OrderStatus.VALID;
            default -> OrderStatus.INVALID;
        };
    }

    private static AuthorizationStatus authzStatus(Status s) {
        return switch (s) {
            case PENDING -> AuthorizationStatus.PENDING;
            case PROCESSING -> AuthorizationStatus.PROCESSING;
            case VALID -> AuthorizationStatus.VALID;
            case INVALID -> AuthorizationStatus.INVALID;
            default -> AuthorizationStatus.GONE;
        };
    }

    private <T> T call(String action, SessionPool.AcmeCall<T> body) {
        try {
            return pool.with(body);
        } catch (CaException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaException(ErrorCode.CA_ERROR, action + " was interrupted", null, e);
        } catch (Exception e) {
            throw AcmeErrors.map(issuerName + ": " + action, e);
        }
    }

    private static URL url(String s) {
        try {
            return URI.create(s).toURL();
        } catch (Exception e) {
            throw new CaException(ErrorCode.CA_ERROR, "not a URL: " + s, null, e);
        }
    }

}
