package dev.certpilot.testca.internal;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * The CA's in-memory state. Every read and change of stored objects happens while holding this object's monitor
 * ({@code synchronized (store)}); expensive work (signatures, DNS, certificate creation) happens outside it.
 */
final class Store {
    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Account> accountsByThumbprint = new HashMap<>();
    final Map<String, Order> orders = new HashMap<>();
    final Map<String, Authorization> authorizations = new HashMap<>();
    final Map<String, Challenge> challenges = new HashMap<>();
    final Map<String, IssuedCertificate> certificates = new HashMap<>();
    final Map<BigInteger, IssuedCertificate> certificatesBySerial = new HashMap<>();
}
