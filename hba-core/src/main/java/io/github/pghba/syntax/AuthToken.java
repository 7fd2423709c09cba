package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * One token of a field, as PostgreSQL's tokenizer produced it: its text with quotes removed, and
 * whether a quote came before its first character. Only unquoted tokens can be keywords
 * ({@code all}, {@code sameuser}, {@code +role}, ...); a token starting with {@code /} is a regular
 * expression in 16+ whether quoted or not.
 *
 * @param text the token without its quotes ({@code ""} stands for a literal quote inside quotes)
 * @param quoted whether the token started with a double quote ({@code "all"}, not {@code al"l"})
 * @param span where the token is written
 * @param includedVia the {@code @file} references that brought it in, outermost first; empty if it
 *     is written directly in the line
 */
public record AuthToken(String text, boolean quoted, Span span, List<Span> includedVia) {

    /** Copies the list and checks for null. */
    public AuthToken {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
        includedVia = List.copyOf(includedVia);
    }

    /** Whether this is the unquoted keyword {@code keyword}. */
    public boolean isKeyword(String keyword) {
        return !quoted && text.equals(keyword);
    }

    /** Whether this token is a regular expression for PostgreSQL 16+ (it starts with {@code /}). */
    public boolean isRegex() {
        return text.startsWith("/");
    }

    /** Whether this is an unquoted {@code +role} membership test (user field). */
    public boolean isRoleMembership() {
        return !quoted && text.startsWith("+");
    }

    @Override
    public String toString() {
        return quoted ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
