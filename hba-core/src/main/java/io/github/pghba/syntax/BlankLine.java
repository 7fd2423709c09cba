package io.github.pghba.syntax;

import io.github.pghba.internal.LogicalLine;
import io.github.pghba.internal.SyntaxAccess;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A line without fields: empty, blanks only, or a comment.
 *
 * <p>Immutable; its text and span are made when first asked for. Two blank lines are equal when
 * their spans and texts are.
 */
public final class BlankLine implements SourceLine {

    static {
        SyntaxAccess.register(BlankLine::new);
    }

    private final String path;
    private final LogicalLine line;

    private BlankLine(String path, LogicalLine line) {
        this.path = path;
        this.line = line;
    }

    /** Where it is. */
    @Override
    public Span span() {
        int endLine = line.lineNumber() + line.physicalLines() - 1;
        return new Span(path, line.lineNumber(), 1, endLine, 1);
    }

    /** The line number PostgreSQL gives it. */
    @Override
    public int lineNumber() {
        return line.lineNumber();
    }

    /** Its exact text. */
    @Override
    public String rawText() {
        return line.raw();
    }

    @Override
    public List<Field> fields() {
        return List.of();
    }

    /** Whether the line holds a comment. */
    public boolean isComment() {
        return rawText().indexOf('#') >= 0;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof BlankLine b && span().equals(b.span()) && rawText().equals(b.rawText());
    }

    @Override
    public int hashCode() {
        return 31 * span().hashCode() + rawText().hashCode();
    }

    @Override
    public String toString() {
        return "BlankLine[" + span() + "]";
    }
}
