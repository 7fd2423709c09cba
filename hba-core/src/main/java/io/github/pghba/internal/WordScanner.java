package io.github.pghba.internal;

import io.github.pghba.grammar.internal.AuthFileLexer;

/**
 * The load path's scanner for the tokens of {@code AuthFileLexer.g4}: the same six token types
 * over the same input (logical lines joined by {@code '\n'}), one {@code switch} per token and one
 * compare per character, no objects per token.
 *
 * <p>The ANTLR grammar stays the specification: {@code ScannerAgreesTest} runs this scanner and
 * the generated {@link AuthFileLexer} side by side on every golden file and on the fuzz corpus
 * and fails on the first token whose type or offsets differ. The ANTLR lexer alone ran at about
 * 140 MB/s (warm, {@code ParsePhases}), which is most of the time budget for parsing ten times
 * faster than PostgreSQL; this scanner does not build a {@code CharStream}, a simulator or a
 * {@code Token}, which also matters for small files.
 *
 * <p>The rules, as the grammar states them: blanks are space, tab and CR; an unquoted {@code #}
 * starts a comment to the end of the line; a word is a maximal run of characters other than
 * blanks, newline, {@code ,} and {@code #}, where a double quote toggles quoting and quoted text
 * (anything but a newline) belongs to the word; a word immediately followed by an unquoted comma
 * is a {@code CONT_WORD} (the comma included); any other comma is a token of its own.
 *
 * <p>Offsets are {@code char} indexes into the text. (ANTLR's are code point indexes; they differ
 * only after a supplementary character.)
 */
public final class WordScanner {
    /** {@link #next()} at the end of the input. */
    public static final int EOF = -1;
    /** A newline ({@code AuthFileLexer.NEWLINE}). */
    public static final int NEWLINE = AuthFileLexer.NEWLINE;
    /** Blanks ({@code AuthFileLexer.BLANK}, hidden in the grammar). */
    public static final int BLANK = AuthFileLexer.BLANK;
    /** A comment ({@code AuthFileLexer.COMMENT}, hidden). */
    public static final int COMMENT = AuthFileLexer.COMMENT;
    /** A word not followed by an unquoted comma ({@code AuthFileLexer.WORD}). */
    public static final int WORD = AuthFileLexer.WORD;
    /** A word and its comma ({@code AuthFileLexer.CONT_WORD}). */
    public static final int CONT_WORD = AuthFileLexer.CONT_WORD;
    /** A comma not right after a word ({@code AuthFileLexer.COMMA}, hidden). */
    public static final int COMMA = AuthFileLexer.COMMA;

    /**
     * The characters that end an unquoted word, and the double quote, as bits of a long (all seven
     * are below 64): most word characters fail the {@code c < 64} test alone.
     */
    private static final long SPECIAL_MASK = 1L << '"' | 1L << ' ' | 1L << ',' | 1L << '\t' | 1L << '\n'
            | 1L << '#' | 1L << '\r';

    private String text = "";
    private static final byte[] NO_BYTES = new byte[0];
    private byte[] classes = NO_BYTES;
    private int pos;
    private int limit;
    private int start;
    private int end;
    private int wordEnd;
    private boolean quote;

    /** Scans {@code text[from, to)} next. */
    public void reset(String text, int from, int to) {
        reset(text, classes(text), from, to);
    }

    /**
     * Scans {@code text[from, to)} next, reading {@code classes}: {@code text}'s characters as
     * bytes, each non-ASCII character replaced by an ASCII letter (all of them are word
     * characters). For an ASCII file, its bytes.
     */
    public void reset(String text, byte[] classes, int from, int to) {
        this.text = text;
        this.classes = classes;
        this.pos = from;
        this.limit = to;
    }

    /** {@code text}'s characters as the bytes {@link #reset(String, byte[], int, int)} reads. */
    public static byte[] classes(String text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            b[i] = c < 128 ? (byte) c : (byte) 'x';
        }
        return b;
    }

    /** The next token's type, or {@link #EOF}. */
    public int next() {
        int p = pos;
        int lim = limit;
        if (p >= lim) {
            return EOF;
        }
        byte[] b = classes;
        start = p;
        int c = b[p];
        int type;
        switch (c) {
            case '\n' -> {
                p++;
                type = NEWLINE;
            }
            case ' ', '\t', '\r' -> {
                p++;
                while (p < lim && ((c = b[p]) == ' ' || c == '\t' || c == '\r')) {
                    p++;
                }
                type = BLANK;
            }
            case '#' -> {
                int nl = text.indexOf('\n', p + 1); // the JDK's vectorized search
                p = nl < 0 || nl > lim ? lim : nl;
                type = COMMENT;
            }
            case ',' -> {
                p++;
                type = COMMA;
            }
            default -> {
                return word(p);
            }
        }
        end = p;
        pos = p;
        return type;
    }

    /**
     * The next word ({@link #WORD} or {@link #CONT_WORD}), or {@link #EOF}: what a loop of
     * {@link #next()} that skips blanks, newlines, comments and lone commas returns, in one call.
     */
    public int nextWord() {
        int p = pos;
        int lim = limit;
        byte[] b = classes;
        while (p < lim) {
            int c = b[p];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
                p++;
                continue;
            }
            if (c == '#') {
                int nl = text.indexOf('\n', p + 1);
                p = nl < 0 || nl > lim ? lim : nl;
                continue;
            }
            return word(p);
        }
        pos = p;
        return EOF;
    }

    /** Scans the word that starts at {@code p}: sets the token's offsets and returns WORD or CONT_WORD. */
    private int word(int p) {
        int lim = limit;
        byte[] b = classes;
        start = p;
        boolean inQuote = false;
        boolean sawQuote = false;
        while (p < lim) {
            int c = b[p];
            // most characters are none of the seven that matter: one compare for them
            if (c < 64 && (SPECIAL_MASK >>> c & 1) != 0) {
                if (c == '"') {
                    inQuote = !inQuote;
                    sawQuote = true;
                } else if (inQuote) {
                    if (c == '\n') {
                        break;
                    }
                } else {
                    break; // blank, comma, newline or comment
                }
            }
            p++;
        }
        quote = sawQuote;
        wordEnd = p;
        int type;
        if (!inQuote && p < lim && b[p] == ',') {
            p++;
            type = CONT_WORD;
        } else {
            type = WORD;
        }
        end = p;
        pos = p;
        return type;
    }

    /** Start of the last token. */
    public int start() {
        return start;
    }

    /** End (exclusive) of the last token, a {@code CONT_WORD}'s comma included. */
    public int end() {
        return end;
    }

    /** End (exclusive) of the last word without its comma. */
    public int wordEnd() {
        return wordEnd;
    }

    /** Whether the last word contains a double quote (then it needs {@link TokenDecoder}). */
    public boolean hasQuote() {
        return quote;
    }
}
