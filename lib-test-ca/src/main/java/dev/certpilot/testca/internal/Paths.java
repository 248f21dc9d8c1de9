package dev.certpilot.testca.internal;

/** The URL paths of the ACME server (named like Pebble's). */
final class Paths {
    static final String DIRECTORY = "/dir";
    static final String NONCE = "/nonce-plz";
    static final String TERMS = "/terms";
    static final String NEW_ACCOUNT = "/sign-me-up";
    static final String ACCOUNT = "/my-account/";
    static final String ORDERS = "/list-orderz/";
    static final String NEW_ORDER = "/order-plz";
    static final String ORDER = "/my-order/";
    static final String FINALIZE = "/finalize-order/";
    static final String AUTHZ = "/authZ/";
    static final String CHALLENGE = "/chalZ/";
    static final String CERT = "/certZ/";
    static final String REVOKE = "/revoke-cert";
    static final String KEY_CHANGE = "/rollover-account-key";
    static final String RENEWAL_INFO = "/renewal-info/";

    private Paths() {
    }
}
