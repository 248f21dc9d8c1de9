package dev.certpilot.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.jdbc.testdb.TestDatabase;
import dev.certpilot.spi.CertificateStore;
import dev.certpilot.spi.CertificateStoreContractTest;

/**
 * The core's store contract, unchanged, on one database. {@link #secondInstance()} is a second store on a
 * separate connection pool, so the contract's cross-instance tests really cross instances.
 */
abstract class JdbcContractTest extends CertificateStoreContractTest {

    private CertificateStore second;

    /** The database under test. */
    abstract TestDatabase database();

    @Override
    protected CertificateStore createStore() {
        JdbcCertificateStore store = database().emptyStore();
        assertThat(store.dialect()).isEqualTo(database().dialect());
        second = database().store(database().second(), "certpilot_");
        return store;
    }

    @Override
    protected CertificateStore secondInstance() {
        return second;
    }
}
