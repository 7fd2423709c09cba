package io.github.pghba.syntax;

import io.github.pghba.check.Diagnostic;
import java.util.List;
import java.util.Objects;

/**
 * A line PostgreSQL refuses: because of it the whole file does not load. Its diagnostic says why,
 * in PostgreSQL's words.
 *
 * @param span where it is
 * @param rawText its exact text
 * @param fields its fields as far as they were read
 * @param error why PostgreSQL refuses it
 */
public record InvalidLine(Span span, String rawText, List<Field> fields, Diagnostic error) implements SourceLine {

    /** Copies the list. */
    public InvalidLine {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
        fields = List.copyOf(fields);
        Objects.requireNonNull(error, "error");
    }
}
