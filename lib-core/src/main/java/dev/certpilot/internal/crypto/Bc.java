package dev.certpilot.internal.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** BouncyCastle's provider, used by reference (never registered or reordered in the JVM's provider list). */
final class Bc {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
