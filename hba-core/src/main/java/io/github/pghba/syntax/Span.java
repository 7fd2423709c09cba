package io.github.pghba.syntax;

import java.util.Objects;

/**
 * A region of a configuration file: 1-based lines and columns, the end column exclusive. Columns
 * count characters (UTF-16 units) of the physical line. A continued record spans several lines.
 *
 * @param file the file's path as the loader resolved it
 * @param line first line
 * @param column first column
 * @param endLine last line
 * @param endColumn column just past the region on {@code endLine}
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {

    /** Checks the values. */
    public Span {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine + ":" + endColumn);
        }
    }

    /** A span covering the start of a line. */
    public static Span ofLine(String file, int line) {
        return new Span(file, line, 1, line, 1);
    }

    /** {@code file:line:column}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
