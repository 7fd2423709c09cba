package io.github.pghba.internal;

import org.jspecify.annotations.Nullable;

/**
 * One logical line of an authentication file: what PostgreSQL's line reader hands to the
 * tokenizer, with a map back to physical positions.
 *
 * <p>The line does not own its texts: its content and raw text are ranges of strings it shares
 * with the other lines of its file (for an ASCII file without continuations and NUL bytes, the
 * whole file decoded once), so reading a file makes no string per line. {@link #content()} and
 * {@link #raw()} copy a range out when asked.
 */
public final class LogicalLine {
    private final int lineNumber;
    private final String text;
    private final int start;
    private final int end;
    private final String rawText;
    private final int rawStart;
    private final int rawEnd;
    private final int[] segmentStarts;
    private final int physicalLines;
    private final @Nullable String error;
    private final boolean fileText;

    /**
     * A line with texts of its own.
     *
     * @param lineNumber the line number PostgreSQL gives the record (its first physical line)
     * @param content the text the tokenizer sees: continuation backslashes removed, cut at a NUL
     *     byte, trailing CR/LF stripped
     * @param raw the exact source text this logical line consumed, line terminators included
     * @param segmentStarts offsets in {@code content} where the 2nd, 3rd... physical line begin
     *     (continuations); empty for a single physical line
     * @param physicalLines how many physical lines the record spans (at least 1)
     * @param error a read error PostgreSQL reports on this line (13's "line too long"), or null
     */
    public LogicalLine(int lineNumber, String content, String raw, int[] segmentStarts, int physicalLines,
            @Nullable String error) {
        this(lineNumber, content, 0, content.length(), raw, 0, raw.length(), segmentStarts, physicalLines, error,
                false);
    }

    /**
     * A line whose content is {@code text[start, end)} and whose raw text is
     * {@code rawText[rawStart, rawEnd)}; {@code segmentStarts} are relative to {@code start}.
     * {@code fileText}: {@code text} is the whole file, all ASCII, so that its offsets are the
     * file's byte offsets.
     */
    public LogicalLine(int lineNumber, String text, int start, int end, String rawText, int rawStart, int rawEnd,
            int[] segmentStarts, int physicalLines, @Nullable String error, boolean fileText) {
        this.fileText = fileText;
        this.lineNumber = lineNumber;
        this.text = text;
        this.start = start;
        this.end = end;
        this.rawText = rawText;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
        this.segmentStarts = segmentStarts;
        this.physicalLines = physicalLines;
        this.error = error;
    }

    /** Whether {@link #text()} is the whole file, all ASCII (its offsets are byte offsets in the file). */
    public boolean isFileText() {
        return fileText;
    }

    /** The line number PostgreSQL gives the record (its first physical line). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The string the content is a range of. */
    public String text() {
        return text;
    }

    /** Where the content starts in {@link #text()}. */
    public int start() {
        return start;
    }

    /** Where the content ends (exclusive) in {@link #text()}. */
    public int end() {
        return end;
    }

    /** The content's length in chars. */
    public int length() {
        return end - start;
    }

    /** The text the tokenizer sees (a copy of the range unless the line owns its whole string). */
    public String content() {
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    /** The exact source text this logical line consumed, line terminators included. */
    public String raw() {
        return rawStart == 0 && rawEnd == rawText.length() ? rawText : rawText.substring(rawStart, rawEnd);
    }

    /** How many physical lines the record spans (at least 1). */
    public int physicalLines() {
        return physicalLines;
    }

    /** A read error PostgreSQL reports on this line (13's "line too long"), or null. */
    public @Nullable String error() {
        return error;
    }

    /** The physical line of a content offset (relative to {@link #start()}). */
    public int lineOf(int offset) {
        int[] segs = segmentStarts;
        int s = 0;
        while (s < segs.length && segs[s] <= offset) {
            s++;
        }
        return lineNumber + s;
    }

    /** The 1-based column of a content offset (relative to {@link #start()}) on its physical line. */
    public int columnOf(int offset) {
        int[] segs = segmentStarts;
        int s = 0;
        while (s < segs.length && segs[s] <= offset) {
            s++;
        }
        int base = s == 0 ? 0 : segs[s - 1];
        return offset - base + 1;
    }
}
