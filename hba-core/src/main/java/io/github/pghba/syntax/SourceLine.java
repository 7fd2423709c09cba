package io.github.pghba.syntax;

import java.util.List;

/**
 * One logical line of a configuration file, of whatever kind. Every line of a file is kept, so a
 * file can be printed back byte for byte ({@link ConfFile#text()}).
 */
public sealed interface SourceLine permits BlankLine, HbaRule, IdentMapping, InvalidLine, IncludeLine, NameListLine {

    /** Where the line is: its first physical line and, for continued records, its last. */
    Span span();

    /** The line number PostgreSQL gives it (its first physical line). */
    default int lineNumber() {
        return span().line();
    }

    /** The exact source text of the line, continuation lines and line terminators included. */
    String rawText();

    /** The fields of the line after {@code @file} expansion; empty for blank and comment lines. */
    List<Field> fields();
}
