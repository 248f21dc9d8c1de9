package dev.certpilot.testca.internal;

import java.util.List;
import java.util.regex.Pattern;

/** Account contact validation: {@code mailto:} URLs with one valid address each, at most ten. */
final class Contacts {
    static final int MAX = 10;
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private Contacts() {
    }

    /** @throws ProblemException malformed, unsupportedContact or invalidContact */
    static void check(List<String> contacts) {
        if (contacts.size() > MAX) {
            throw Problem.malformed("too many contacts: " + contacts.size() + " > " + MAX);
        }
        for (String c : contacts) {
            if (!c.regionMatches(true, 0, "mailto:", 0, 7)) {
                throw Problem.of("unsupportedContact", 400, "contact method of \"" + c + "\" is not supported; use "
                        + "mailto:").toException();
            }
            String address = c.substring(7);
            if (address.isEmpty() || address.contains("?") || !ADDRESS.matcher(address).matches()) {
                throw Problem.of("invalidContact", 400, "contact email \"" + address + "\" is invalid").toException();
            }
        }
    }
}
