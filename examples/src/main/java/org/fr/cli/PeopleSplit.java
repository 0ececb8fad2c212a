package org.fr.cli;

/**
 * Which LFW people (by index in name order) a command uses: {@code odd}, {@code even}, or {@code R/M} (the people
 * whose index is R modulo M, e.g. {@code 0/4} and {@code 2/4}: the two halves of the even people, so that a recipe
 * can be trained on one half of the training people and compared on the other). {@code fr train-hog} draws only
 * even-index people; the odd ones are the held-out evaluation people of {@code fr lfw-one-face}. Immutable,
 * thread-safe.
 */
record PeopleSplit(int remainder, int modulus) {
    static final PeopleSplit ODD = new PeopleSplit(1, 2), EVEN = new PeopleSplit(0, 2);

    PeopleSplit {
        if (modulus < 2 || remainder < 0 || remainder >= modulus) {
            throw new IllegalArgumentException("people split " + remainder + "/" + modulus + ": need 0 <= R < M and M >= 2");
        }
    }

    /** Parses {@code odd}, {@code even} or {@code R/M}; {@code option} names the option in the error. */
    static PeopleSplit parse(String option, String text) {
        if (text.equals("odd")) return ODD;
        if (text.equals("even")) return EVEN;
        String[] parts = text.split("/");
        if (parts.length == 2) {
            try {
                return new PeopleSplit(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // falls through to the message below
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " " + text + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(option + " must be odd, even or R/M (people whose index is R modulo M), got " + text);
    }

    boolean selects(int index) { return index % modulus == remainder; }

    /** True when every index it selects is even (a subset of the training people). */
    boolean withinEven() { return modulus % 2 == 0 && remainder % 2 == 0; }
}
