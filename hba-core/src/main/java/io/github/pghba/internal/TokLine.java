package io.github.pghba.internal;

import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.Span;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's {@code TokenizedAuthLine}: a non-blank line with its fields, the file it is in, and
 * the error the tokenizer found on it (if any). Lines of included files appear in place.
 *
 * <p>The tokens are kept as offsets into the line's text, one {@code int[]} per line: a load makes
 * no {@link AuthToken}, {@link Field} or {@link Span} objects, and no string for a word, until
 * someone asks for {@link #fields()} (then they are made once and kept). The line parser reads the
 * tokens through the index methods ({@link #fieldCount()}, {@link #first(int)}, {@link #text(int)},
 * ...). Tokens that came from an {@code @file} list, which live in another file, are kept as
 * {@link AuthToken}s as they were read.
 *
 * <p>Immutable once built; {@link #fields()} and {@link #span()} are computed on first use and may
 * be computed twice by racing threads (to equal values).
 */
public final class TokLine {
    /** Token flag: a double quote came before its first character (PostgreSQL's initial_quote). */
    static final int QUOTED = 1;
    /** Token flag: its text is in {@link #texts} (it had quotes to remove). */
    static final int DECODED = 2;
    /** Token flag: it came from an {@code @file} list: {@link #given} holds it. */
    static final int GIVEN = 4;
    /** Token flag: a word in one pair of quotes ({@code "word"}): its text is between them. */
    static final int STRIPPED = 8;
    /** In {@code data[1]}: the fields carry their start and end offsets (else their tokens' are used). */
    static final int FIELD_POSITIONS = 1 << 30;
    /**
     * In {@code data[1]}: some token's text may start with {@code /} (a regular expression in
     * 16+); clear only when none does.
     */
    static final int SLASH = 1 << 29;

    private final String file;
    private final LogicalLine line;
    /**
     * {@code [tokens, fields | FIELD_POSITIONS?, (start, end, flags) per token, first token per
     * field, and with FIELD_POSITIONS (start, end) per field]}; offsets are absolute in
     * {@code line.text()}.
     */
    private final int[] data;
    private final @Nullable String @Nullable [] texts;
    private final @Nullable AuthToken @Nullable [] given;
    private final @Nullable String error;
    private final @Nullable String errorCode;
    private final int slot;
    private final int fileIndex;
    /** Whether the fields were given whole ({@link #ofFields}): then field spans come from them. */
    private final boolean givenFields;
    private @Nullable List<Field> fields;
    private @Nullable Span span;

    TokLine(String file, LogicalLine line, int[] data, @Nullable String @Nullable [] texts,
            @Nullable AuthToken @Nullable [] given, @Nullable String error, @Nullable String errorCode, int slot,
            int fileIndex) {
        this(file, line, data, texts, given, error, errorCode, slot, fileIndex, false);
    }

    private TokLine(String file, LogicalLine line, int[] data, @Nullable String @Nullable [] texts,
            @Nullable AuthToken @Nullable [] given, @Nullable String error, @Nullable String errorCode, int slot,
            int fileIndex, boolean givenFields) {
        this.givenFields = givenFields;
        this.file = file;
        this.line = line;
        this.data = data;
        this.texts = texts;
        this.given = given;
        this.error = error;
        this.errorCode = errorCode;
        this.slot = slot;
        this.fileIndex = fileIndex;
    }

    /** A line whose fields were made elsewhere (the views re-parse a rule's fields). */
    public static TokLine ofFields(String file, LogicalLine line, Span span, List<Field> fields) {
        int tokens = 0;
        for (Field f : fields) {
            tokens += f.tokens().size();
        }
        int[] data = new int[2 + 3 * tokens + 3 * fields.size()];
        AuthToken[] given = new AuthToken[tokens];
        data[0] = tokens;
        data[1] = fields.size() | FIELD_POSITIONS | SLASH;
        int k = 0;
        for (int f = 0; f < fields.size(); f++) {
            data[2 + 3 * tokens + f] = k;
            for (AuthToken t : fields.get(f).tokens()) {
                data[2 + 3 * k + 2] = GIVEN | (t.quoted() ? QUOTED : 0);
                given[k++] = t;
            }
        }
        TokLine made = new TokLine(file, line, data, null, given, null, null, 0, 0, true);
        made.fields = List.copyOf(fields);
        made.span = span;
        return made;
    }

    /** The same line with a tokenizer error (an include directive that failed). */
    TokLine withError(String error, String errorCode) {
        TokLine t = new TokLine(file, line, data, texts, given, error, errorCode, slot, fileIndex, givenFields);
        t.fields = fields;
        t.span = span;
        return t;
    }

    /** The file's path. */
    public String file() {
        return file;
    }

    /** The logical line. */
    public LogicalLine line() {
        return line;
    }

    /** The tokenizer's error ({@code err_msg}), or null. */
    public @Nullable String error() {
        return error;
    }

    /** pghba's code for the error, or null. */
    public @Nullable String errorCode() {
        return errorCode;
    }

    /** The index of the line in its file's line list, for the syntax tree. */
    public int slot() {
        return slot;
    }

    /** Which file (load order). */
    public int fileIndex() {
        return fileIndex;
    }

    /** The line's span: its first physical line to its last. */
    public Span span() {
        Span s = span;
        if (s == null) {
            s = lineSpan(file, line);
            span = s;
        }
        return s;
    }

    /** The fields read (possibly incomplete when there is an error), made on first use. */
    public List<Field> fields() {
        List<Field> f = fields;
        if (f == null) {
            f = makeFields();
            fields = f;
        }
        return f;
    }

    // ---- the tokens by index ------------------------------------------------------------------

    /** The number of fields. */
    public int fieldCount() {
        return data[1] & ~(FIELD_POSITIONS | SLASH);
    }

    /** The number of tokens of all fields. */
    public int tokenCount() {
        return data[0];
    }

    /** The index of field {@code f}'s first token. */
    public int first(int f) {
        return data[2 + 3 * data[0] + f];
    }

    /** The number of tokens of field {@code f}. */
    public int count(int f) {
        int next = f + 1 < fieldCount() ? first(f + 1) : data[0];
        return next - first(f);
    }

    /** Token {@code k}'s text, quotes removed. */
    public String text(int k) {
        int flags = data[2 + 3 * k + 2];
        if ((flags & GIVEN) != 0) {
            return givenToken(k).text();
        }
        if ((flags & DECODED) != 0) {
            return decodedText(k);
        }
        if ((flags & STRIPPED) != 0) {
            return line.text().substring(data[2 + 3 * k] + 1, data[2 + 3 * k + 1] - 1);
        }
        return line.text().substring(data[2 + 3 * k], data[2 + 3 * k + 1]);
    }

    /** The length of token {@code k}'s text. */
    public int length(int k) {
        int flags = data[2 + 3 * k + 2];
        if ((flags & (GIVEN | DECODED)) != 0) {
            return text(k).length();
        }
        return data[2 + 3 * k + 1] - data[2 + 3 * k] - ((flags & STRIPPED) != 0 ? 2 : 0);
    }

    /**
     * False when no token's text starts with {@code /}, so that none is a regular expression; true
     * when one may (then {@link #startsWith(int, char)} tells which).
     */
    public boolean mayStartWithSlash() {
        return (data[1] & SLASH) != 0;
    }

    /** Whether token {@code k} came from an {@code @file} list (its offsets are the reference's). */
    public boolean isGiven(int k) {
        return (data[2 + 3 * k + 2] & GIVEN) != 0;
    }

    /** Where token {@code k} starts in {@code line().text()} (quotes included). */
    public int start(int k) {
        return data[2 + 3 * k];
    }

    /** Where token {@code k} ends (exclusive) in {@code line().text()}. */
    public int end(int k) {
        return data[2 + 3 * k + 1];
    }

    /** Whether token {@code k} started with a double quote. */
    public boolean quoted(int k) {
        return (data[2 + 3 * k + 2] & QUOTED) != 0;
    }

    /** Whether token {@code k} is the unquoted keyword {@code keyword} (no string made). */
    public boolean isKeyword(int k, String keyword) {
        int flags = data[2 + 3 * k + 2];
        if ((flags & QUOTED) != 0) {
            return false;
        }
        if ((flags & (GIVEN | DECODED)) != 0) {
            return text(k).equals(keyword);
        }
        return plainEquals(data[2 + 3 * k], data[2 + 3 * k + 1], keyword); // never STRIPPED: that is quoted
    }

    /** Whether token {@code k}'s text, quoted or not, is {@code text} (no string made for a plain word). */
    public boolean textEquals(int k, String text) {
        int flags = data[2 + 3 * k + 2];
        if ((flags & (GIVEN | DECODED)) != 0) {
            return text(k).equals(text);
        }
        int strip = (flags & STRIPPED) != 0 ? 1 : 0;
        return plainEquals(data[2 + 3 * k] + strip, data[2 + 3 * k + 1] - strip, text);
    }

    private boolean plainEquals(int start, int end, String s) {
        int len = end - start;
        if (len != s.length()) {
            return false;
        }
        String t = line.text();
        for (int i = 0; i < len; i++) {
            if (t.charAt(start + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Token {@code k}'s text starts with {@code c} (no string made for a plain word). */
    public boolean startsWith(int k, char c) {
        int flags = data[2 + 3 * k + 2];
        if ((flags & (GIVEN | DECODED)) != 0) {
            String t = text(k);
            return !t.isEmpty() && t.charAt(0) == c;
        }
        int strip = (flags & STRIPPED) != 0 ? 1 : 0;
        int start = data[2 + 3 * k] + strip;
        return start < data[2 + 3 * k + 1] - strip && line.text().charAt(start) == c;
    }

    /** Where token {@code k} is written (for an {@code @file} token: in the list file). */
    public Span span(int k) {
        if ((data[2 + 3 * k + 2] & GIVEN) != 0) {
            return givenToken(k).span();
        }
        return span(file, line, data[2 + 3 * k], data[2 + 3 * k + 1]);
    }

    /** Where field {@code f} is written. */
    public Span fieldSpan(int f) {
        if (givenFields) {
            return fields().get(f).span();
        }
        if ((data[1] & FIELD_POSITIONS) != 0) {
            int at = 2 + 3 * data[0] + fieldCount() + 2 * f;
            return span(file, line, data[at], data[at + 1]);
        }
        int first = first(f);
        int last = first + count(f) - 1;
        return span(file, line, data[2 + 3 * first], data[2 + 3 * last + 1]);
    }

    /** Token {@code k} as a syntax-tree token. */
    public AuthToken token(int k) {
        if ((data[2 + 3 * k + 2] & GIVEN) != 0) {
            return givenToken(k);
        }
        return new AuthToken(text(k), quoted(k), span(k), List.of());
    }

    private AuthToken givenToken(int k) {
        AuthToken[] g = given;
        AuthToken t = g == null ? null : g[k];
        if (t == null) {
            throw new IllegalStateException("token " + k + " has no given form");
        }
        return t;
    }

    private String decodedText(int k) {
        String[] t = texts;
        String s = t == null ? null : t[k];
        if (s == null) {
            throw new IllegalStateException("token " + k + " has no decoded text");
        }
        return s;
    }

    private List<Field> makeFields() {
        int n = fieldCount();
        Field[] out = new Field[n];
        for (int f = 0; f < n; f++) {
            int first = first(f);
            int count = count(f);
            AuthToken[] toks = new AuthToken[count];
            for (int i = 0; i < count; i++) {
                toks[i] = token(first + i);
            }
            // a one-word field's span is its word's (for an @file word, the reference's)
            out[f] = new Field(List.of(toks), fieldSpan(f));
        }
        return List.of(out);
    }

    // ---- spans --------------------------------------------------------------------------------

    /** The span of a whole logical line. */
    static Span lineSpan(String path, LogicalLine line) {
        int endLine = line.lineNumber() + line.physicalLines() - 1;
        return new Span(path, line.lineNumber(), 1, endLine, endLine == line.lineNumber() ? line.length() + 1 : 1);
    }

    /** The span of {@code line.text()[start, end)}. */
    static Span span(String path, LogicalLine line, int start, int end) {
        int base = line.start();
        int s = start - base;
        int e = end - base;
        int l1 = line.lineOf(s);
        int c1 = line.columnOf(s);
        int last = Math.max(s, e - 1);
        int l2 = line.lineOf(last);
        int c2 = line.columnOf(last) + (e > s ? 1 : 0);
        if (l2 == l1 && c2 < c1) {
            c2 = c1;
        }
        return new Span(path, l1, c1, l2, c2);
    }
}
