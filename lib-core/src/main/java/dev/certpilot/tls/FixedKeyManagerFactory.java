package dev.certpilot.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;

/** A {@link KeyManagerFactory} whose {@code init} calls are ignored and which always hands out one key manager. */
final class FixedKeyManagerFactory extends KeyManagerFactory {

    private static final Provider PROVIDER = new Provider("certpilot", "1.0", "certpilot key manager factory") {
        private static final long serialVersionUID = 1L;
    };

    FixedKeyManagerFactory(KeyManager keyManager) {
        super(new Spi(keyManager), PROVIDER, "certpilot");
    }

    /** Hands out the key manager; initialization parameters are irrelevant and ignored. */
    private static final class Spi extends KeyManagerFactorySpi {

        private final KeyManager keyManager;

        Spi(KeyManager keyManager) {
            this.keyManager = keyManager;
        }

        @Override
        protected void engineInit(KeyStore keyStore, char[] password) {
            // nothing to initialize
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
            // nothing to initialize
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return new KeyManager[] {keyManager};
        }
    }
}
