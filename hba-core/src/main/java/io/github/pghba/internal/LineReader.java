package io.github.pghba.internal;

import io.github.pghba.check.PgVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a file's bytes into logical lines exactly as PostgreSQL's readers do.
 *
 * <p>13 ({@code tokenize_file}): {@code fgets} into a 20,480-byte buffer; a line that fills it
 * (20,479 bytes, terminator included) is an error "authentication file line too long" and the rest
 * of that physical line is read as the next line; no continuation.
 *
 * <p>14+ ({@code tokenize_auth_file}): lines of any length; a line whose text (after stripping
 * trailing CR/LF) ends in a backslash is joined with the next one, the backslash removed; a
 * continuation into an empty line ends the record. In both, the text is cut at a NUL byte.
 */
public final class LineReader {
    private LineReader() {}

    /** Bytes of 13's line buffer, terminating NUL included. */
    static final int PG13_MAX_LINE = 20480;

    /** Reads all logical lines, including blank ones, so that their raw texts cover the whole input. */
    public static List<LogicalLine> read(byte[] data, PgVersion version) {
        return version.atLeast(14) ? readWithContinuation(data) : readPg13(data);
    }

    private static List<LogicalLine> readPg13(byte[] data) {
        List<LogicalLine> out = new ArrayList<>();
        String all = asciiText(data);
        int pos = 0;
        int lineNumber = 1;
        while (pos < data.length) {
            int start = pos;
            int limit = Math.min(data.length, start + PG13_MAX_LINE - 1);
            int end = start;
            while (end < limit) {
                byte b = data[end++];
                if (b == '\n') {
                    break;
                }
            }
            pos = end;
            int len = strlen(data, start, end);
            String error = len == PG13_MAX_LINE - 1 ? "authentication file line too long" : null;
            int contentEnd = start + len;
            while (contentEnd > start && (data[contentEnd - 1] == '\n' || data[contentEnd - 1] == '\r')) {
                contentEnd--;
            }
            if (all != null) {
                out.add(new LogicalLine(lineNumber, all, start, contentEnd, all, start, end, NO_SEGMENTS, 1, error,
                        true));
            } else {
                String content = Utf8.decode(data, start, contentEnd);
                String raw = Utf8.decode(data, start, end);
                out.add(new LogicalLine(lineNumber, content, raw, NO_SEGMENTS, 1, error));
            }
            lineNumber++;
        }
        return out;
    }

    private static final int[] NO_SEGMENTS = new int[0];

    private static List<LogicalLine> readWithContinuation(byte[] data) {
        List<LogicalLine> out = new ArrayList<>(data.length / 48 + 8); // ~ the number of lines of a typical file
        // Without a NUL byte, pg_get_line_append returns whole physical lines whatever its buffer's
        // capacity, so a line that is not continued needs no buffer: its bytes are decoded once.
        // An ASCII file without NUL is decoded once: its lines are ranges of that string (chars are bytes)
        String all = asciiWithoutNul(data);
        boolean noNul = all != null || strlen(data, 0, data.length) == data.length;
        Reader r = null;
        int pos = 0;
        int lineNumber = 1;
        while (pos < data.length) {
            if (noNul) {
                int physEnd;
                if (all != null) {
                    int nl = all.indexOf('\n', pos); // the JDK's vectorized search
                    physEnd = nl < 0 ? data.length : nl + 1;
                } else {
                    physEnd = pos;
                    while (physEnd < data.length && data[physEnd] != '\n') {
                        physEnd++;
                    }
                    if (physEnd < data.length) {
                        physEnd++;
                    }
                }
                int contentEnd = physEnd;
                while (contentEnd > pos && (data[contentEnd - 1] == '\n' || data[contentEnd - 1] == '\r')) {
                    contentEnd--;
                }
                if (contentEnd == pos || data[contentEnd - 1] != '\\') {
                    if (all != null) {
                        out.add(new LogicalLine(lineNumber, all, pos, contentEnd, all, pos, physEnd, NO_SEGMENTS, 1,
                                null, true));
                        lineNumber++;
                        pos = physEnd;
                        continue;
                    }
                    String raw = Utf8.decode(data, pos, physEnd);
                    // CR and LF are single bytes and chars, never part of a multi-byte sequence
                    String content = contentEnd == physEnd ? raw : raw.substring(0, raw.length() - (physEnd - contentEnd));
                    out.add(new LogicalLine(lineNumber, content, raw, NO_SEGMENTS, 1, null));
                    lineNumber++;
                    pos = physEnd;
                    continue;
                }
            }
            if (r == null) {
                r = new Reader(data);
            }
            r.pos = pos;
            int recordStart = r.pos;
            r.len = 0;
            int lastBackslashLen = 0;
            int continuations = 0;
            int[] segmentByteStarts = NO_SEGMENTS;
            while (true) {
                int before = r.len;
                if (!r.getLineAppend()) {
                    break;
                }
                if (continuations > 0) {
                    segmentByteStarts = Arrays.copyOf(segmentByteStarts, segmentByteStarts.length + 1);
                    segmentByteStarts[segmentByteStarts.length - 1] = before;
                }
                // pg_strip_crlf: strlen, then strip trailing \n and \r
                int len = strlen(r.data, 0, r.len);
                while (len > 0 && (r.data[len - 1] == '\n' || r.data[len - 1] == '\r')) {
                    len--;
                }
                r.len = len;
                if (r.len > lastBackslashLen && r.data[r.len - 1] == '\\') {
                    r.len--;
                    lastBackslashLen = r.len;
                    continuations++;
                    continue;
                }
                break;
            }
            if (r.pos == recordStart) {
                break;
            }
            int contentLen = strlen(r.data, 0, r.len);
            String content = Utf8.decode(r.data, 0, contentLen);
            int[] segs = segmentByteStarts.length == 0 ? NO_SEGMENTS : new int[segmentByteStarts.length];
            for (int i = 0; i < segs.length; i++) {
                segs[i] = charOffset(r.data, Math.min(segmentByteStarts[i], contentLen));
            }
            if (all != null) {
                out.add(new LogicalLine(lineNumber, content, 0, content.length(), all, recordStart, r.pos, segs,
                        continuations + 1, null, false));
            } else {
                String raw = Utf8.decode(data, recordStart, r.pos);
                out.add(new LogicalLine(lineNumber, content, raw, segs, continuations + 1, null));
            }
            lineNumber += continuations + 1;
            pos = r.pos;
        }
        return out;
    }

    /**
     * {@code pg_get_line_append} over a StringInfo whose capacity persists across lines (1024 bytes
     * at first, doubled as needed): {@code fgets} reads at most capacity - len - 1 bytes at a time,
     * and a NUL byte cuts that chunk (its newline included), so the next physical line is appended.
     */
    private static final class Reader {
        final byte[] src;
        int pos;
        byte[] data = new byte[1024];
        int maxlen = 1024;
        int len;

        Reader(byte[] src) {
            this.src = src;
        }

        boolean getLineAppend() {
            int orig = len;
            while (true) {
                if (pos >= src.length) {
                    return len != orig;
                }
                int room = maxlen - len - 1;
                int end = pos;
                while (end < src.length && end - pos < room) {
                    if (src[end++] == '\n') {
                        break;
                    }
                }
                ensure(len + (end - pos) + 1);
                System.arraycopy(src, pos, data, len, end - pos);
                int chunk = strlen(src, pos, end);
                pos = end;
                len += chunk;
                if (len > orig && data[len - 1] == '\n') {
                    return true;
                }
                // enlargeStringInfo(buf, 128)
                int needed = len + 128 + 1;
                if (needed > maxlen) {
                    int newlen = 2 * maxlen;
                    while (needed > newlen) {
                        newlen *= 2;
                    }
                    maxlen = newlen;
                }
            }
        }

        private void ensure(int n) {
            if (data.length < Math.max(n, maxlen)) {
                byte[] bigger = new byte[Math.max(n, maxlen)];
                System.arraycopy(data, 0, bigger, 0, len);
                data = bigger;
            }
        }
    }

    /**
     * The whole file as one string if it is all ASCII without NUL (then char offsets are byte
     * offsets), else null. Decoding as US-ASCII is one vectorized check and a copy when every byte
     * is below 0x80; any other byte becomes U+FFFD, which an ASCII file cannot contain.
     */
    private static @Nullable String asciiWithoutNul(byte[] data) {
        String s = asciiText(data);
        return s != null && s.indexOf(0) < 0 ? s : null;
    }

    /** The whole file as one string if it is all ASCII (NUL allowed), else null. */
    private static @Nullable String asciiText(byte[] data) {
        String s = new String(data, 0, data.length, StandardCharsets.US_ASCII);
        return s.indexOf('\uFFFD') < 0 ? s : null;
    }

    /** The number of chars {@link Utf8#decode} gives for {@code bytes[0, byteOffset)}. */
    private static int charOffset(byte[] bytes, int byteOffset) {
        return Utf8.decode(bytes, 0, byteOffset).length();
    }

    private static int strlen(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i - from;
            }
        }
        return to - from;
    }
}
