package dev.certpilot;

import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.CertificateStoreContractTest;

class InMemoryCertificateStoreTest extends CertificateStoreContractTest {

    @Override
    protected CertificateStore createStore() {
        return new InMemoryCertificateStore();
    }
}
