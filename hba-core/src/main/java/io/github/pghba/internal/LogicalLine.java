package io.github.pghba.internal;

import org.jspecify.annotations.Nullable;

/**
 * One logical line of an authentication file: what PostgreSQL's line reader hands to the
 * tokenizer, with a map back to physical positions.
 *
 * @param lineNumber the line number PostgreSQL gives the record (its first physical line)
 * @param content the text the tokenizer sees: continuation backslashes removed, cut at a NUL byte,
 *     trailing CR/LF stripped
 * @param raw the exact source text this logical line consumed, line terminators included
 * @param segmentStarts offsets in {@code content} where the 2nd, 3rd... physical line begin
 *     (continuations); empty for a single physical line
 * @param physicalLines how many physical lines the record spans (at least 1)
 * @param error a read error PostgreSQL reports on this line (13's "line too long"), or null
 */
public record LogicalLine(int lineNumber, String content, String raw, int[] segmentStarts, int physicalLines,
        @Nullable String error) {

    /** The physical line of a content offset. */
    public int lineOf(int offset) {
        int s = 0;
        while (s < segmentStarts.length && segmentStarts[s] <= offset) {
            s++;
        }
        return lineNumber + s;
    }

    /** The 1-based column of a content offset on its physical line. */
    public int columnOf(int offset) {
        int s = 0;
        while (s < segmentStarts.length && segmentStarts[s] <= offset) {
            s++;
        }
        int base = s == 0 ? 0 : segmentStarts[s - 1];
        return offset - base + 1;
    }
}
