package io.github.pghba.syntax;

import java.util.Objects;

/**
 * One {@code name=value} authentication option as written (split at the first {@code =}).
 *
 * @param name the option name
 * @param value the value, possibly empty
 * @param span where the option token is written
 */
public record AuthOption(String name, String value, Span span) {

    /** Checks for null. */
    public AuthOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
