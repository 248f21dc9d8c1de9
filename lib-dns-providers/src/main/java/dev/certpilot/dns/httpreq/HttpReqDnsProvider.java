package dev.certpilot.dns.httpreq;

import dev.certpilot.CertpilotException;
import dev.certpilot.ErrorCode;
import dev.certpilot.dns.HttpProviderBuilder;
import dev.certpilot.dns.internal.ApiRequest;
import dev.certpilot.dns.internal.Authenticator;
import dev.certpilot.dns.internal.ErrorMessage;
import dev.certpilot.dns.internal.HttpApi;
import dev.certpilot.dns.internal.HttpSettings;
import dev.certpilot.dns.internal.Redactor;
import dev.certpilot.dns.internal.Secret;
import dev.certpilot.spi.ChallengeRecord;
import dev.certpilot.spi.DnsChallengeProvider;
import java.util.Map;

/**
 * Hands records to your own HTTP endpoint with lego's {@code httpreq} protocol
 * (https://go-acme.github.io/lego/dns/httpreq/): {@code POST <endpoint>/present} and {@code POST <endpoint>/cleanup}
 * with the JSON body {@code {"fqdn": "_acme-challenge.example.com.", "value": "..."}} (the name with a trailing
 * dot), optionally with HTTP basic authentication. Any 2xx answer is success.
 *
 * <pre>{@code
 * DnsChallengeProvider hook = HttpReqDnsProvider.builder().baseUrl("https://dns-hook.internal:9090")
 *     .basicAuth("certpilot", password).build();
 * }</pre>
 *
 * <p>Your endpoint must keep several values per name (present adds, cleanup removes only its value). lego's
 * {@code RAW} mode (domain, token, key authorization) is not offered: certpilot hands providers the TXT value, not
 * the key authorization.
 */
public final class HttpReqDnsProvider implements DnsChallengeProvider {

    static final String NAME = "httpreq";

    private final HttpApi api;
    private final String description;

    private HttpReqDnsProvider(Builder b, HttpSettings settings) {
        Authenticator auth = b.username == null ? Authenticator.NONE : Authenticator.basic(b.username, b.password);
        this.api = new HttpApi(NAME, settings, auth, Redactor.of(b.password), ErrorMessage.BODY_TEXT);
        this.description = "HttpReqDnsProvider[endpoint=" + settings.baseUrl()
                + (b.username == null ? "" : ", user=" + b.username) + "]";
    }

    /** A builder; {@link Builder#baseUrl} (lego's {@code HTTPREQ_ENDPOINT}) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code POST /present {"fqdn": "<name>.", "value": "<value>"}}. */
    @Override
    public void present(ChallengeRecord record) {
        api.send(ApiRequest.post("/present", Map.of("fqdn", record.fqdnWithDot(), "value", record.value())));
    }

    /** {@code POST /cleanup {"fqdn": "<name>.", "value": "<value>"}}. */
    @Override
    public void cleanup(ChallengeRecord record) {
        api.send(ApiRequest.post("/cleanup", Map.of("fqdn", record.fqdnWithDot(), "value", record.value())));
    }

    /** The endpoint and user; never the password. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds an {@link HttpReqDnsProvider}. */
    public static final class Builder extends HttpProviderBuilder<Builder, HttpReqDnsProvider> {

        private String username;
        private Secret password;

        private Builder() {
            super(null);
        }

        /** HTTP basic authentication (lego's {@code HTTPREQ_USERNAME} and {@code HTTPREQ_PASSWORD}). */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isBlank()) {
                throw new CertpilotException(ErrorCode.INVALID_REQUEST, "username must not be blank");
            }
            this.username = user;
            this.password = Secret.of(password, "password");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws CertpilotException {@code INVALID_REQUEST} without endpoint
         */
        @Override
        public HttpReqDnsProvider build() {
            return new HttpReqDnsProvider(this, httpSettings());
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
