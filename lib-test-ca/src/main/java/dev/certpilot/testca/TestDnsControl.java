package dev.certpilot.testca;

import java.util.List;

/**
 * Changes what a test DNS server answers. Names may be given with or without the trailing dot and in any case.
 *
 * <p>The bundled {@code TestDnsServer} implements it in-process; against real pebble-challtestsrv it is backed by
 * challtestsrv's management API ({@code /set-txt}, {@code /clear-txt}, {@code /add-a} ...). Thread-safe.
 */
public interface TestDnsControl {

    /** Adds one TXT value at {@code name}; values already there stay (apex + wildcard share one name). */
    void addTxt(String name, String value);

    /** Removes one TXT value at {@code name}, keeping the others. Removing an absent value does nothing. */
    void removeTxt(String name, String value);

    /** Removes every TXT value at {@code name}. */
    void clearTxt(String name);

    /** The TXT values currently served at {@code name}, in insertion order. */
    List<String> txt(String name);

    /** Adds IPv4 addresses for {@code name} (A records). */
    void addA(String name, String... addresses);

    /** Removes every A record at {@code name}. */
    void clearA(String name);

    /** Sets a CNAME at {@code name} pointing to {@code target}, replacing an earlier one. */
    void setCname(String name, String target);

    /** Removes the CNAME at {@code name}. */
    void clearCname(String name);
}
