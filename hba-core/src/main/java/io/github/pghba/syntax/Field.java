package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * One whitespace-separated field of a line: a token or a comma list of tokens, after {@code @file}
 * expansion.
 *
 * @param tokens the tokens in order; never empty
 * @param span where the field is written
 */
public record Field(List<AuthToken> tokens, Span span) {

    /** Copies the list. */
    public Field {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(span, "span");
    }

    /** The first token. */
    public AuthToken first() {
        return tokens.get(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (AuthToken t : tokens) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(t);
        }
        return sb.toString();
    }
}
