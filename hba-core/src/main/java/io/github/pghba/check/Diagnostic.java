package io.github.pghba.check;

import io.github.pghba.syntax.Span;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A problem found while loading a file, with PostgreSQL's own words and where it is.
 *
 * <p>{@link #message()} is the text PostgreSQL logs ({@code LOG: ...}); {@link #viewError()} is what
 * the {@code pg_hba_file_rules} view shows in its {@code error} column, which is sometimes worded
 * differently and sometimes empty although the file fails to load. {@link #hint()} is PostgreSQL's
 * {@code HINT}; {@link #note()} is pghba's own explanation of what probably happened and how to fix
 * it, where the intent is evident.
 *
 * @param severity error (file refused), warning (file loads) or info
 * @param code a stable identifier, e.g. {@code hba.invalid-auth-method}
 * @param message PostgreSQL's log message
 * @param viewError the view's error text, if it shows one
 * @param hint PostgreSQL's hint, if any
 * @param note pghba's explanation, if any
 * @param span where the problem is
 */
public record Diagnostic(Severity severity, String code, String message, Optional<String> viewError,
        Optional<String> hint, Optional<String> note, Span span) {

    /** Checks for null. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(viewError, "viewError");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(span, "span");
    }

    /** A diagnostic whose view error equals its message. */
    public static Diagnostic of(Severity severity, String code, String message, @Nullable String hint, Span span) {
        return new Diagnostic(severity, code, message, Optional.of(message), Optional.ofNullable(hint),
                Optional.empty(), span);
    }

    /** A copy with pghba's note attached. */
    public Diagnostic withNote(String text) {
        return new Diagnostic(severity, code, message, viewError, hint, Optional.of(text), span);
    }

    /**
     * Compiler-style text: {@code file:line:column: error: message}, then the hint and the note on
     * lines of their own.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(span).append(": ").append(severity.name().toLowerCase(java.util.Locale.ROOT)).append(": ")
                .append(message);
        if (viewError.isPresent() && !viewError.get().equals(message)) {
            sb.append("\n  view error: ").append(viewError.get());
        } else if (viewError.isEmpty() && severity == Severity.ERROR) {
            sb.append("\n  (pg_hba_file_rules shows no error text for this line, yet the file is not loaded)");
        }
        hint.ifPresent(h -> sb.append("\n  hint: ").append(h));
        note.ifPresent(n -> sb.append("\n  note: ").append(n));
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
