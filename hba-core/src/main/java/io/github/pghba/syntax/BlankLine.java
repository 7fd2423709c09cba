package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * A line without fields: empty, blanks only, or a comment.
 *
 * @param span where it is
 * @param rawText its exact text
 */
public record BlankLine(Span span, String rawText) implements SourceLine {

    /** Checks for null. */
    public BlankLine {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
    }

    @Override
    public List<Field> fields() {
        return List.of();
    }

    /** Whether the line holds a comment. */
    public boolean isComment() {
        return rawText.indexOf('#') >= 0;
    }
}
