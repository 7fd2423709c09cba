package io.github.pghba.internal;

import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.Span;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's {@code TokenizedAuthLine}: a non-blank line with its fields, the file it is in, and
 * the error the tokenizer found on it (if any). Lines of included files appear in place.
 *
 * @param file the file's path
 * @param line the logical line
 * @param span the line's span
 * @param fields the fields read (possibly incomplete when there is an error)
 * @param error the tokenizer's error ({@code err_msg}), or null
 * @param errorCode pghba's code for the error, or null
 * @param slot the index of the line in its file's line list, for the syntax tree
 * @param fileIndex which file (load order)
 */
public record TokLine(String file, LogicalLine line, Span span, List<Field> fields, @Nullable String error,
        @Nullable String errorCode, int slot, int fileIndex) {}
