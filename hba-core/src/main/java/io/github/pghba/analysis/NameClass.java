package io.github.pghba.analysis;

import java.util.Objects;

/**
 * A set of user or database names that every rule treats alike, with a witness name from it.
 *
 * @param kind what the class is
 * @param label how to show it: the name, "any other name", "same as the user", or "like /regex"
 * @param witness a name of the class, used to evaluate it
 */
public record NameClass(Kind kind, String label, String witness) {

    /** The kinds of class. */
    public enum Kind {
        /** Exactly one name, mentioned in the file or the role graph. */
        NAMED,
        /** Database only: the database named like the user (sameuser). */
        SAME_AS_USER,
        /** Names matching a regular expression (one witness stands for them: an approximation). */
        REGEX_SAMPLE,
        /** Every name not mentioned anywhere (and, for users, not a role). */
        OTHER
    }

    /** Checks for null. */
    public NameClass {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(witness, "witness");
    }

    @Override
    public String toString() {
        return label;
    }
}
