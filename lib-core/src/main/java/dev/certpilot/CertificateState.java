package dev.certpilot;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a managed certificate is in its life. The lifecycle is an explicit state machine: {@link #canMoveTo}
 * lists the legal transitions and {@link #checkMoveTo} throws on any other, which is always a bug.
 *
 * <pre>
 * PENDING_APPROVAL -> PENDING | REJECTED
 * PENDING          -> VALIDATING | AWAITING_MANUAL_DNS | FAILED
 * AWAITING_MANUAL_DNS -> VALIDATING | FAILED
 * VALIDATING       -> ISSUED | FAILED | AWAITING_MANUAL_DNS
 * ISSUED           -> ISSUED (renewed) | REVOKED | EXPIRED
 * FAILED           -> PENDING (retried)
 * EXPIRED          -> ISSUED (renewed by hand)
 * REVOKED          -> ISSUED (re-issued by hand)
 * REJECTED         -> (final)
 * </pre>
 * A renewal does not change the state of an issued certificate while it runs: the old certificate stays in
 * service (and {@code ISSUED}) until the new one replaces it.
 */
public enum CertificateState {
    /** Waiting for an approver; nothing has been sent to a CA. */
    PENDING_APPROVAL,
    /** Accepted; the issuance job is about to run or is ordering. */
    PENDING,
    /** The CA is validating the challenges and issuing. */
    VALIDATING,
    /** Waiting for a person to publish TXT records by hand and ask for validation. */
    AWAITING_MANUAL_DNS,
    /** A valid certificate is available. */
    ISSUED,
    /** Issuance failed; see the certificate's failure. */
    FAILED,
    /** The certificate is past its {@code notAfter}. */
    EXPIRED,
    /** The certificate was revoked. */
    REVOKED,
    /** An approver refused the request. */
    REJECTED;

    /** Whether a certificate in this state may move to {@code next}. */
    public boolean canMoveTo(CertificateState next) {
        return successors().contains(next);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when the transition is not legal (a bug in the caller)
     */
    public void checkMoveTo(CertificateState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("illegal certificate state transition " + this + " -> " + next);
        }
    }

    /** The states a certificate in this state may move to. */
    public Set<CertificateState> successors() {
        return switch (this) {
            case PENDING_APPROVAL -> EnumSet.of(PENDING, REJECTED);
            case PENDING -> EnumSet.of(VALIDATING, AWAITING_MANUAL_DNS, FAILED);
            case AWAITING_MANUAL_DNS -> EnumSet.of(VALIDATING, FAILED);
            case VALIDATING -> EnumSet.of(ISSUED, FAILED, AWAITING_MANUAL_DNS);
            case ISSUED -> EnumSet.of(ISSUED, REVOKED, EXPIRED);
            case FAILED -> EnumSet.of(PENDING);
            case EXPIRED, REVOKED -> EnumSet.of(ISSUED);
            case REJECTED -> EnumSet.noneOf(CertificateState.class);
        };
    }

    /** Whether the certificate is final: nothing will change it without a person asking. */
    public boolean isTerminal() {
        return this == FAILED || this == EXPIRED || this == REVOKED || this == REJECTED;
    }

    /** Whether a first issuance is still under way (approval, ordering, validation, manual DNS). */
    public boolean isInProgress() {
        return this == PENDING_APPROVAL || this == PENDING || this == VALIDATING || this == AWAITING_MANUAL_DNS;
    }
}
