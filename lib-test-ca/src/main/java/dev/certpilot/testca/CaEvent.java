package dev.certpilot.testca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something a {@link TestCa} did, for assertions in tests.
 *
 * @param type        what happened
 * @param at          when, by the CA's clock
 * @param account     the account URL's id the event belongs to, or {@code ""} when none
 * @param identifiers the identifiers concerned (DNS names as ordered, e.g. {@code *.example.test}, or IP literals)
 * @param serial      certificate serial in lower-case hex for certificate events, else {@code ""}
 * @param detail      free text (problem detail of a failure, endpoint of a fault ...), may be {@code ""}
 */
public record CaEvent(Type type, Instant at, String account, List<String> identifiers, String serial, String detail) {

    /** Kinds of events. */
    public enum Type {
        /** A new account was created. */
        ACCOUNT_CREATED,
        /** An account's contacts were updated. */
        ACCOUNT_UPDATED,
        /** An account was deactivated. */
        ACCOUNT_DEACTIVATED,
        /** An account's key was rolled over. */
        ACCOUNT_KEY_CHANGED,
        /** A new order was created. */
        ORDER_CREATED,
        /** A challenge was validated: its authorization is valid. */
        CHALLENGE_VALIDATED,
        /** A challenge failed: its authorization and order are invalid. */
        CHALLENGE_FAILED,
        /** A certificate was issued. */
        CERTIFICATE_ISSUED,
        /** A certificate was revoked. */
        CERTIFICATE_REVOKED,
        /** A request was refused by a simulated rate limit. */
        RATE_LIMITED,
        /** A scripted fault was injected. */
        FAULT_INJECTED
    }

    /** Validates the components. */
    public CaEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(account, "account");
        identifiers = List.copyOf(identifiers);
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(detail, "detail");
    }
}
