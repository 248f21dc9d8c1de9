/**
 * Serving certpilot's certificates in-process: {@link dev.certpilot.tls.CertpilotKeyManager} picks the certificate
 * for each TLS handshake by its SNI name and swaps to renewed certificates without a server restart. It plugs into
 * anything that takes a {@link javax.net.ssl.KeyManager}, a {@link javax.net.ssl.KeyManagerFactory} or an
 * {@link javax.net.ssl.SSLContext}: the JDK's {@code HttpsServer}, Jetty, Netty, Tomcat, Undertow...
 */
package dev.certpilot.tls;
