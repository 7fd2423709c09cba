package io.github.pghba.syntax;

import io.github.pghba.check.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code include}, {@code include_if_exists} or {@code include_dir} directive (PostgreSQL 16+):
 * a line of exactly two fields whose first token is one of those words.
 *
 * @param span where it is
 * @param rawText its exact text
 * @param fields its two fields
 * @param kind which directive
 * @param target the first token of the second field (the only one PostgreSQL uses)
 * @param includedFiles the files it brought in, resolved, in the order they were read
 * @param error why it failed, if it did (the file then does not load)
 */
public record IncludeLine(Span span, String rawText, List<Field> fields, Kind kind, String target,
        List<String> includedFiles, Optional<Diagnostic> error) implements SourceLine {

    /** The three directives. */
    public enum Kind {
        /** {@code include FILE}: the file must exist. */
        INCLUDE("include"),
        /** {@code include_if_exists FILE}: a missing file is skipped. */
        INCLUDE_IF_EXISTS("include_if_exists"),
        /** {@code include_dir DIR}: every {@code *.conf} file of the directory, in strcmp order. */
        INCLUDE_DIR("include_dir");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The directive's word. */
        public String keyword() {
            return keyword;
        }
    }

    /** Copies the lists. */
    public IncludeLine {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
        fields = List.copyOf(fields);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        includedFiles = List.copyOf(includedFiles);
        Objects.requireNonNull(error, "error");
    }
}
