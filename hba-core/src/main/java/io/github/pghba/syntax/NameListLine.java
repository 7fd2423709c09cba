package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * A line of an {@code @file} name list: its tokens are spliced into the field that referenced the
 * file.
 *
 * @param span where it is
 * @param rawText its exact text
 * @param fields its fields (all their tokens are used, in order)
 */
public record NameListLine(Span span, String rawText, List<Field> fields) implements SourceLine {

    /** Copies the list. */
    public NameListLine {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
        fields = List.copyOf(fields);
    }
}
