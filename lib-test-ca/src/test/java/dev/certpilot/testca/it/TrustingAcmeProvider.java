package dev.certpilot.testca.it;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic {@code http(s)://} provider with one change: its {@link HttpClient} trusts exactly the roots of
 * a given trust store (a test CA's TLS root) instead of the JVM's default ones.
 *
 * <p>acme4j 4.0 builds one {@code HttpClient} per {@code Session} through
 * {@link org.shredzone.acme4j.provider.AcmeProvider#createHttpClient(NetworkSettings)}, documented as the place
 * to configure an SSL context. Overriding it keeps the trust local to one session: no
 * {@code javax.net.ssl.trustStore} system property, no change to the JVM's default {@code SSLContext}.
 */
public final class TrustingAcmeProvider extends GenericAcmeProvider {

    private final SSLContext sslContext;

    /** A provider whose sessions trust the certificates in {@code trustStore}. */
    public TrustingAcmeProvider(KeyStore trustStore) {
        Objects.requireNonNull(trustStore, "trustStore");
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            sslContext = SSLContext.getInstance("TLS");
            sslContext.init(null, tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable trust store", e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings networkSettings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(networkSettings.getTimeout())
                .proxy(networkSettings.getProxySelector())
                .sslContext(sslContext);
        if (networkSettings.getAuthenticator() != null) {
            builder.authenticator(networkSettings.getAuthenticator());
        }
        return builder.build();
    }
}
