package io.github.pghba.internal;

import java.util.Optional;

/**
 * Checks a pattern the way PostgreSQL's regex compiler ({@code pg_regcomp} with
 * {@code REG_ADVANCED}, Henry Spencer's ARE engine) accepts or refuses it, giving its
 * {@code pg_regerror} text.
 *
 * <p>Covered: director prefixes ({@code ***:}, {@code ***=}), embedded options {@code (?...)},
 * alternation, groups (capturing, {@code (?:}, lookahead and lookbehind), quantifiers and bounds
 * ({@code {m,n}}, at most 255), bracket expressions with ranges, classes and equivalence classes,
 * escapes (character entry, class shorthand, constraint and back references), comments
 * {@code (?#...)} and the {@code [[:<:]]}/{@code [[:>:]]} word constraints. After the embedded
 * option {@code e} the rest is checked as a POSIX ERE (no escapes but a quoted character, no
 * {@code (?} extensions or comments, no lazy quantifiers), after {@code b} as a POSIX BRE. With
 * the option {@code x} (expanded syntax), blanks and {@code #} comments are skipped before every
 * token outside brackets, in bounds too, in all three syntaxes.
 */
public final class PgRegex {
    private PgRegex() {}

    static final String EPAREN = "parentheses () not balanced";
    static final String EBRACK = "brackets [] not balanced";
    static final String BADBR = "invalid repetition count(s)";
    static final String EBRACE = "braces {} not balanced";
    static final String BADRPT = "quantifier operand invalid";
    static final String EESCAPE = "invalid escape \\ sequence";
    static final String ESUBREG = "invalid backreference number";
    static final String ERANGE = "invalid character range";
    static final String ECTYPE = "invalid character class";
    static final String ECOLLATE = "invalid collating element";
    static final String BADOPT = "invalid embedded option";

    private static final int DUPMAX = 255;

    /**
     * How the pattern's bytes become the regex compiler's characters ({@code pg_mb2wchar_with_len} in
     * the process's database encoding).
     */
    public enum Encoding {
        /**
         * One character per byte: the postmaster (SQL_ASCII), which is what decides whether a file
         * loads and what matches; also every single-byte database encoding (LATIN1...).
         */
        BYTES,
        /**
         * {@code pg_utf2wchar_with_len}: a backend connected to a UTF8 database, such as one reading
         * {@code pg_hba_file_rules}. Lead bytes take their continuation bytes unchecked, a lead byte
         * too close to the end cuts the pattern there, a stray byte stands for itself.
         */
        UTF8
    }

    /** The regex compiler's characters for a pattern of the file, in {@code encoding}. */
    static int[] wide(String pattern, Encoding encoding) {
        byte[] b = Utf8.encode(pattern);
        int[] out = new int[b.length];
        int n = 0;
        int i = 0;
        while (i < b.length && b[i] != 0) {
            int c = b[i] & 0xff;
            int len = encoding == Encoding.BYTES || c < 0x80 ? 1
                    : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
            if (b.length - i < len) {
                break;
            }
            int v = switch (len) {
                case 2 -> ((c & 0x1f) << 6) | (b[i + 1] & 0x3f);
                case 3 -> ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
                case 4 -> ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6)
                        | (b[i + 3] & 0x3f);
                default -> c;
            };
            out[n++] = v;
            i += len;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Removes ARE comments {@code (?#...)} outside bracket expressions, as PostgreSQL's lexer skips
     * them (an unterminated one runs to the end). {@code p} holds one character per byte.
     */
    static String stripComments(String p) {
        if (!p.contains("(?#") || p.startsWith("***=")) {
            return p;
        }
        int[] s = stripComments(p.chars().toArray());
        return new String(s, 0, s.length);
    }

    private static int[] stripComments(int[] p) {
        if (!contains(p, "(?#") || startsWith(p, "***=", 0)) {
            return p;
        }
        int[] out = new int[p.length];
        int n = 0;
        boolean inBracket = false;
        for (int i = 0; i < p.length; i++) {
            int c = p[i];
            if (c == '\\' && i + 1 < p.length) {
                out[n++] = c;
                out[n++] = p[++i];
                if (p[i] == 'c' && i + 1 < p.length) {
                    out[n++] = p[++i]; // "\\cX" takes X as it is, even a "(" (regc_lex.c lexescape)
                }
            } else if (inBracket) {
                out[n++] = c;
                if (c == '[' && i + 1 < p.length && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
                    // [:class:], [.coll.], [=equiv=]: read to their closing pair, whose ']' ends nothing
                    int kind = p[i + 1];
                    int j = i + 2;
                    while (j + 1 < p.length && !(p[j] == kind && p[j + 1] == ']')) {
                        j++;
                    }
                    int stop = Math.min(p.length - 1, j + 1);
                    while (i < stop) {
                        out[n++] = p[++i];
                    }
                } else if (c == ']') {
                    inBracket = false;
                }
            } else if (c == '[') {
                out[n++] = c;
                inBracket = true;
                if (i + 1 < p.length && p[i + 1] == '^') {
                    out[n++] = p[++i];
                }
                if (i + 1 < p.length && p[i + 1] == ']') {
                    out[n++] = p[++i];
                }
            } else if (startsWith(p, "(?#", i)) {
                int close = indexOf(p, ")", i);
                i = close < 0 ? p.length : close;
            } else {
                out[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean startsWith(int[] p, String s, int at) {
        if (at < 0 || at + s.length() > p.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (p[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(int[] p, String s, int from) {
        for (int k = Math.max(from, 0); k + s.length() <= p.length; k++) {
            if (startsWith(p, s, k)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean contains(int[] p, String s) {
        return indexOf(p, s, 0) >= 0;
    }

    /**
     * The character a collating element {@code [.name.]} or {@code [=name=]} stands for: a single
     * character itself, else one of the POSIX names of regc_locale.c's {@code cnames}; -1 if none.
     */
    static int collatingElement(int[] p, int from, int to) {
        if (to - from == 1) {
            return p[from];
        }
        StringBuilder name = new StringBuilder(to - from);
        for (int k = from; k < to; k++) {
            if (p[k] >= 0x80) {
                return -1;
            }
            name.append((char) p[k]);
        }
        Integer c = COLLATING_NAMES.get(name.toString());
        return c == null ? -1 : c;
    }

    private static final java.util.Map<String, Integer> COLLATING_NAMES = collatingNames();

    private static java.util.Map<String, Integer> collatingNames() {
        String[] control = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF",
            "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
            "IS4", "IS3", "IS2", "IS1"};
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (int k = 0; k < control.length; k++) {
            m.put(control[k], k);
        }
        Object[] named = {"alert", 7, "backspace", 8, "tab", 9, "newline", 10, "vertical-tab", 11, "form-feed", 12,
            "carriage-return", 13, "FS", 28, "GS", 29, "RS", 30, "US", 31, "space", 32, "exclamation-mark", 33,
            "quotation-mark", 34, "number-sign", 35, "dollar-sign", 36, "percent-sign", 37, "ampersand", 38,
            "apostrophe", 39, "left-parenthesis", 40, "right-parenthesis", 41, "asterisk", 42, "plus-sign", 43,
            "comma", 44, "hyphen", 45, "hyphen-minus", 45, "period", 46, "full-stop", 46, "slash", 47,
            "solidus", 47, "zero", 48, "one", 49, "two", 50, "three", 51, "four", 52, "five", 53, "six", 54,
            "seven", 55, "eight", 56, "nine", 57, "colon", 58, "semicolon", 59, "less-than-sign", 60,
            "equals-sign", 61, "greater-than-sign", 62, "question-mark", 63, "commercial-at", 64,
            "left-square-bracket", 91, "backslash", 92, "reverse-solidus", 92, "right-square-bracket", 93,
            "circumflex", 94, "circumflex-accent", 94, "underscore", 95, "low-line", 95, "grave-accent", 96,
            "left-brace", 123, "left-curly-bracket", 123, "vertical-line", 124, "right-brace", 125,
            "right-curly-bracket", 125, "tilde", 126, "DEL", 127};
        for (int k = 0; k < named.length; k += 2) {
            m.put((String) named[k], (Integer) named[k + 1]);
        }
        return java.util.Map.copyOf(m);
    }

    /**
     * The {@code pg_regerror} text if the postmaster refuses the pattern (one character per byte),
     * else empty.
     */
    public static Optional<String> compileError(String pattern) {
        return compileError(pattern, Encoding.BYTES);
    }

    /** The {@code pg_regerror} text if a process with this database encoding refuses the pattern. */
    public static Optional<String> compileError(String pattern, Encoding encoding) {
        try {
            new Checker(wide(pattern, encoding)).run();
            return Optional.empty();
        } catch (RegexError e) {
            return Optional.of(e.getMessage());
        }
    }

    private static final class RegexError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegexError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Checker {
        private int[] p;
        /** After the embedded option {@code e}: a POSIX ERE (regc_lex.c without REG_ADVF). */
        private boolean ere;
        private int i;
        private int groups;
        private boolean expanded;
        /** Capture groups whose closing parenthesis has been seen: only those can be referenced. */
        private final java.util.BitSet closed = new java.util.BitSet();
        /** How many lookahead/lookbehind constraints enclose the current position. */
        private int lookaround;

        Checker(int[] p) {
            this.p = p;
        }

        void run() {
            if (startsWith(p, "***", 0) && p.length >= 4) {
                switch (p[3]) {
                    case '?' -> throw new RegexError("invalid regexp (reg version 0.8)");
                    case '=' -> {
                        return; // the rest is a literal string
                    }
                    case ':' -> i = 4;
                    default -> throw new RegexError(BADRPT);
                }
            }
            // embedded options only when a letter follows "(?" (regc_lex.c prefixes())
            if (startsWith(p, "(?", i) && i + 2 < p.length && isAsciiLetter(p[i + 2])) {
                int j = i + 2;
                // the last of b, e, q wins (prefixes(): each sets and clears the others' flags)
                int syntax = 'a';
                while (j < p.length && isAsciiLetter(p[j])) {
                    int c = p[j];
                    switch (c) {
                        case 'x' -> expanded = true;
                        case 't' -> expanded = false;
                        case 'q', 'b', 'e' -> syntax = c;
                        case 'c', 'i', 'm', 'n', 'p', 's', 'w' -> { }
                        default -> throw new RegexError(BADOPT);
                    }
                    j++;
                }
                if (j >= p.length || p[j] != ')') {
                    throw new RegexError(BADOPT);
                }
                i = j + 1;
                if (syntax == 'q') {
                    return; // a literal string
                }
                if (syntax == 'b') {
                    // a POSIX BRE; brackets read a backslash as a plain character, as in an ERE
                    ere = true;
                    bre(0);
                    return;
                }
                ere = syntax == 'e';
            }
            if (!ere) {
                // "(?#...)" comments are an ARE lexer feature, after the prefixes: "(?#c)(?i)" is
                // not an options prefix, and an ERE has no comments
                int[] rest = stripComments(java.util.Arrays.copyOfRange(p, i, p.length));
                int[] q = java.util.Arrays.copyOf(p, i + rest.length);
                System.arraycopy(rest, 0, q, i, rest.length);
                p = q;
            }
            regex(0);
            if (i < p.length) {
                throw new RegexError(EPAREN); // a stray ')'
            }
        }

        private boolean atEnd() {
            skipExpanded();
            return i >= p.length;
        }

        private void skipExpanded() {
            i = skipFrom(i);
        }

        /**
         * regc_lex.c's {@code skip()} from {@code j}: the first index at or after it that is not a
         * blank or in a {@code #} comment (with the option {@code x}; else {@code j}).
         */
        private int skipFrom(int j) {
            if (!expanded) {
                return j;
            }
            while (j < p.length) {
                int c = p[j];
                if (c == ' ' || (c >= '\t' && c <= '\r')) { // iscspace() in the C locale
                    j++;
                } else if (c == '#') {
                    while (j < p.length && p[j] != '\n') {
                        j++;
                    }
                } else {
                    break;
                }
            }
            return j;
        }

        /** Whether the "{" at {@code at} starts a bound: a digit follows (after blanks, with x). */
        private boolean boundAhead(int at) {
            int j = skipFrom(at + 1);
            return j < p.length && isDigit(p[j]);
        }

        private void regex(int depth) {
            branch(depth);
            while (!atEnd() && p[i] == '|') {
                i++;
                branch(depth);
            }
        }

        private void branch(int depth) {
            while (!atEnd()) {
                int c = p[i];
                if (c == '|') {
                    return;
                }
                if (c == ')') {
                    if (depth == 0 && ere) {
                        // parseqatom(): an unbalanced ')' is an ordinary character in an ERE
                        i++;
                        quantifier(true);
                        continue;
                    }
                    if (depth == 0) {
                        throw new RegexError(EPAREN);
                    }
                    return;
                }
                boolean quantifiable = atom(depth);
                quantifier(quantifiable);
            }
        }

        /** Parses one atom; returns whether a quantifier may follow. */
        private boolean atom(int depth) {
            int c = p[i];
            switch (c) {
                case '*', '+', '?' -> throw new RegexError(BADRPT);
                case '{' -> {
                    if (boundAhead(i)) {
                        throw new RegexError(BADRPT);
                    }
                    i++;
                    return true;
                }
                case '(' -> {
                    i++;
                    boolean constraint = false;
                    int number = 0;
                    if (ere) {
                        // no extensions: a '?' after '(' is a quantifier without an operand
                        number = ++groups;
                    } else if (startsWith(p, "?:", i)) {
                        i += 2;
                    } else if (startsWith(p, "?=", i) || startsWith(p, "?!", i)) {
                        i += 2;
                        constraint = true;
                    } else if (startsWith(p, "?<=", i) || startsWith(p, "?<!", i)) {
                        i += 3;
                        constraint = true;
                    } else if (i < p.length && p[i] == '?') {
                        throw new RegexError(BADRPT);
                    } else if (lookaround == 0) {
                        number = ++groups; // parentheses inside a lookaround do not capture
                    }
                    lookaround += constraint ? 1 : 0;
                    regex(depth + 1);
                    lookaround -= constraint ? 1 : 0;
                    if (atEnd() || p[i] != ')') {
                        throw new RegexError(EPAREN);
                    }
                    i++;
                    if (number > 0) {
                        closed.set(number);
                    }
                    return !constraint;
                }
                case '^', '$' -> {
                    i++;
                    return false;
                }
                case '[' -> {
                    if (startsWith(p, "[[:<:]]", i) || startsWith(p, "[[:>:]]", i)) {
                        i += 7;
                        return false; // word-boundary constraints
                    }
                    i++;
                    bracket();
                    return true;
                }
                case '\\' -> {
                    if (ere) {
                        // an ERE backslash quotes the next character, whatever it is
                        if (i + 1 >= p.length) {
                            throw new RegexError(EESCAPE);
                        }
                        i += 2;
                        return true;
                    }
                    return escape();
                }
                default -> {
                    i++;
                    return true;
                }
            }
        }

        private void quantifier(boolean quantifiable) {
            if (atEnd()) {
                return;
            }
            int c = p[i];
            if (c == '*' || c == '+' || c == '?') {
                if (!quantifiable) {
                    throw new RegexError(BADRPT);
                }
                i++;
            } else if (c == '{' && boundAhead(i)) {
                if (!quantifiable) {
                    throw new RegexError(BADRPT);
                }
                i++;
                bound(false);
            } else {
                return;
            }
            if (!ere && i < p.length && p[i] == '?') {
                i++; // lazy (AREs only)
            }
            if (!atEnd()) {
                int d = p[i];
                if (d == '*' || d == '+' || d == '?' || (d == '{' && boundAhead(i))) {
                    throw new RegexError(BADRPT);
                }
            }
        }

        // the BRE lexer's LASTTYPE, as far as it matters: start, after "\\(", after an anchor "^"
        private static final int B_EMPTY = 0;
        private static final int B_OPEN = 1;
        private static final int B_CARET = 2;
        private static final int B_OTHER = 3;

        /**
         * A POSIX BRE after the embedded option {@code b} (regc_lex.c {@code brenext}, regcomp.c
         * without REG_EXTENDED): groups {@code \\( \\)}, bounds {@code \\{ \\}}, back references
         * {@code \\1}-{@code \\9}, {@code *} literal at the start (of the pattern, of a group,
         * after {@code ^}), {@code ^} an anchor only there, {@code $} only at the end or before
         * {@code \\)}; no alternation; any other escaped character stands for itself.
         */
        private void bre(int depth) {
            int last = depth == 0 ? B_EMPTY : B_OPEN;
            while (true) {
                skipExpanded();
                if (i >= p.length) {
                    if (depth > 0) {
                        throw new RegexError(EPAREN);
                    }
                    return;
                }
                int c = p[i];
                boolean quantifiable = true;
                if (c == '\\') {
                    if (i + 1 >= p.length) {
                        throw new RegexError(EESCAPE);
                    }
                    int d = p[i + 1];
                    i += 2;
                    if (d == ')') {
                        if (depth == 0) {
                            throw new RegexError(EPAREN);
                        }
                        return;
                    } else if (d == '(') {
                        int number = ++groups;
                        bre(depth + 1);
                        closed.set(number);
                    } else if (d == '{') {
                        throw new RegexError(BADRPT); // a bound with nothing to repeat
                    } else if (d == '<' || d == '>') {
                        quantifiable = false;
                    } else if (d >= '1' && d <= '9' && !closed.get(d - '0')) {
                        throw new RegexError(ESUBREG);
                    }
                } else if (c == '*') {
                    if (last == B_OTHER) {
                        throw new RegexError(BADRPT); // a second quantifier, or one after a constraint
                    }
                    i++; // a literal
                } else if (c == '[') {
                    if (startsWith(p, "[[:<:]]", i) || startsWith(p, "[[:>:]]", i)) {
                        i += 7;
                        quantifiable = false;
                    } else {
                        i++;
                        bracket();
                    }
                } else if (c == '^' && last != B_OTHER && last != B_CARET) {
                    i++;
                    last = B_CARET; // an anchor: a "*" after it is a literal
                    continue;
                } else if (c == '$' && breDollarAnchor(i)) {
                    i++;
                    quantifiable = false;
                } else {
                    i++;
                }
                last = B_OTHER;
                if (quantifiable) {
                    skipExpanded();
                }
                if (quantifiable && i < p.length) {
                    if (p[i] == '*') {
                        i++;
                    } else if (p[i] == '\\' && i + 1 < p.length && p[i + 1] == '{') {
                        i += 2;
                        bound(true);
                    }
                }
            }
        }

        /** A BRE's "$" at {@code at} is an anchor at the end, or before "\\)" (after blanks, with x). */
        private boolean breDollarAnchor(int at) {
            int j = skipFrom(at + 1);
            return j == p.length || (p[j] == '\\' && j + 1 < p.length && p[j + 1] == ')');
        }

        /**
         * regcomp.c's bound after its "{" (ARE, ERE) or "\\{" (BRE): {@code m}, {@code m,} or
         * {@code m,n}, closed by "}" or "\\}". The lexer reads a token ahead, and the first error
         * wins: a bad token after a number comes before the number's check.
         */
        private void bound(boolean bre) {
            boundToken(bre);
            long m = scannum(bre);
            if (p[i] == ',') {
                i++;
                boundToken(bre);
                long n = isDigit(p[i]) ? scannum(bre) : Long.MAX_VALUE;
                if (m > n) {
                    throw new RegexError(BADBR);
                }
            }
            if (bre ? p[i] != '\\' : p[i] != '}') {
                throw new RegexError(BADBR);
            }
            i += bre ? 2 : 1;
        }

        /** regcomp.c's {@code scannum}: digits while the value is below DUPMAX, each followed by a lexed token. */
        private long scannum(boolean bre) {
            long v = 0;
            while (i < p.length && isDigit(p[i]) && v < DUPMAX) {
                v = v * 10 + (p[i] - '0');
                i++;
                boundToken(bre);
            }
            if (isDigit(p[i]) || v > DUPMAX) {
                throw new RegexError(BADBR);
            }
            return v;
        }

        /**
         * The lexer inside a bound: the end of the pattern is "braces not balanced"; a digit, a comma
         * and the closing "}" ("\\}" in a BRE) are tokens; anything else is "bad count".
         */
        private void boundToken(boolean bre) {
            skipExpanded();
            if (i >= p.length) {
                throw new RegexError(EBRACE);
            }
            int c = p[i];
            boolean close = bre ? c == '\\' && i + 1 < p.length && p[i + 1] == '}' : c == '}';
            if (c != ',' && !close && !isDigit(c)) {
                throw new RegexError(BADBR);
            }
        }

        // token kinds of regc_lex.c's lexescape()
        private static final int PLAIN = 0;
        private static final int CLASS = 1;
        private static final int CONSTRAINT = 2;
        private static final int BACKREF = 3;
        /** The value of the last {@link #lexEscape} token (a character or a group number). */
        private int escValue;

        /**
         * regc_lex.c's {@code lexescape}: reads the escape whose backslash was just consumed (at
         * least one character follows) and returns its token kind.
         */
        private int lexEscape() {
            int c = p[i++];
            if (!isAsciiAlnum(c)) {
                escValue = c;
                return PLAIN;
            }
            switch (c) {
                case 'A', 'Z', 'm', 'M', 'y', 'Y' -> {
                    return CONSTRAINT;
                }
                case 'd', 'D', 's', 'S', 'w', 'W' -> {
                    return CLASS;
                }
                case 'a' -> escValue = 7;
                case 'b' -> escValue = 8;
                case 'B' -> escValue = '\\';
                case 'e' -> escValue = 27;
                case 'f' -> escValue = '\f';
                case 'n' -> escValue = '\n';
                case 'r' -> escValue = '\r';
                case 't' -> escValue = '\t';
                case 'v' -> escValue = 0x0b;
                case 'c' -> {
                    if (i >= p.length) {
                        throw new RegexError(EESCAPE);
                    }
                    escValue = p[i++] & 037;
                }
                case 'u' -> escValue = inRange(lexDigits(16, 4, 4));
                case 'U' -> escValue = inRange(lexDigits(16, 8, 8));
                case 'x' -> escValue = inRange(lexDigits(16, 1, 255));
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                    if (c != '0') {
                        int save = i;
                        i--;
                        int n = lexDigits(10, 1, 255);
                        // the "ugly heuristic": one digit, or no more than the groups opened so far
                        if (i == save || (n > 0 && n <= groups)) {
                            escValue = n;
                            return BACKREF;
                        }
                        i = save;
                    }
                    i--;
                    int n = lexDigits(8, 1, 3);
                    if (n > 0xff) {
                        i--; // one digit too many
                        n >>= 3;
                    }
                    escValue = n;
                }
                default -> throw new RegexError(EESCAPE); // reserved ASCII letters
            }
            return PLAIN;
        }

        /** regc_lex.c's {@code lexdigits}: unsigned 32-bit arithmetic, EESCAPE below minlen digits. */
        private int lexDigits(int base, int minlen, int maxlen) {
            int n = 0;
            int len = 0;
            for (; len < maxlen && i < p.length; len++) {
                int d = p[i] < 0x80 ? Character.digit(p[i], 16) : -1;
                if (d < 0 || d >= base) {
                    break;
                }
                i++;
                n = n * base + d;
            }
            if (len < minlen) {
                throw new RegexError(EESCAPE);
            }
            return n;
        }

        /** {@code CHR_IS_IN_RANGE}: at most 0x7ffffffe as an unsigned value. */
        private static int inRange(int c) {
            if (Integer.compareUnsigned(c, 0x7ffffffe) > 0) {
                throw new RegexError(EESCAPE);
            }
            return c;
        }

        /** An escape as an atom; returns whether a quantifier may follow. */
        private boolean escape() {
            i++;
            if (i >= p.length) {
                throw new RegexError(EESCAPE);
            }
            switch (lexEscape()) {
                case CONSTRAINT -> {
                    return false;
                }
                case BACKREF -> {
                    // regcomp.c: not inside a lookaround constraint, and only to a completed group
                    if (lookaround > 0 || !closed.get(escValue)) {
                        throw new RegexError(ESUBREG);
                    }
                    return true;
                }
                default -> {
                    return true;
                }
            }
        }

        /**
         * An escape inside a bracket expression (backslash not yet consumed): only characters and
         * class shorthands are allowed. Returns the character, or -1 for a class shorthand.
         */
        private int bracketEscape() {
            i++;
            if (i >= p.length) {
                throw new RegexError(EESCAPE);
            }
            return switch (lexEscape()) {
                case PLAIN -> escValue;
                case CLASS -> -1;
                default -> throw new RegexError(EESCAPE);
            };
        }

        private void bracket() {
            if (i < p.length && p[i] == '^') {
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= p.length) {
                    throw new RegexError(EBRACK);
                }
                int c = p[i];
                if (c == ']' && !first) {
                    i++;
                    return;
                }
                // the lexer makes '-' a range operator unless it follows "[" or precedes "]"; an
                // item cannot start with one (after a range, a class or an equivalence class)
                if (c == '-' && !first && (i + 1 >= p.length || p[i + 1] != ']')) {
                    throw new RegexError(ERANGE);
                }
                first = false;
                int lo;
                if (c == '[' && i + 1 < p.length && (p[i + 1] == ':' || p[i + 1] == '='
                        || p[i + 1] == '.')) {
                    int kind = p[i + 1];
                    int end = indexOf(p, (char) kind + "]", i + 2);
                    if (end < 0) {
                        throw new RegexError(EBRACK);
                    }
                    int from = i + 2;
                    i = end + 2;
                    // scanplain() reads the token after the closing ":]" (".]", "=]") before the
                    // name is looked up: an error there (end of pattern, a bad escape) comes first
                    lexAhead();
                    if (kind == ':') {
                        if (!isClassName(p, from, end)) {
                            throw new RegexError(ECTYPE);
                        }
                        continue;
                    }
                    lo = collatingElement(p, from, end);
                    if (lo < 0) {
                        throw new RegexError(ECOLLATE);
                    }
                    if (kind == '=') {
                        continue; // an equivalence class is never a range endpoint
                    }
                } else if (c == '\\' && !ere) {
                    lo = bracketEscape();
                    if (lo < 0) {
                        // a class shorthand: the item ends here (a following '-' is caught above)
                        continue;
                    }
                } else {
                    lo = c;
                    i++;
                }
                if (i < p.length && p[i] == '-' && (i + 1 >= p.length || p[i + 1] != ']')) {
                    i++;
                    if (i >= p.length) {
                        throw new RegexError(EBRACK);
                    }
                    int hi;
                    int h = p[i];
                    if (h == '[' && i + 1 < p.length && (p[i + 1] == ':' || p[i + 1] == '=')) {
                        throw new RegexError(ERANGE); // a class cannot end a range
                    }
                    if (h == '[' && i + 1 < p.length && p[i + 1] == '.') {
                        int kind = p[i + 1];
                        int end = indexOf(p, (char) kind + "]", i + 2);
                        if (end < 0) {
                            throw new RegexError(EBRACK);
                        }
                        int from = i + 2;
                        i = end + 2;
                        lexAhead(); // as above: scanplain() lexes on before element() looks
                        hi = collatingElement(p, from, end);
                        if (hi < 0) {
                            throw new RegexError(ECOLLATE);
                        }
                    } else if (h == '\\' && !ere) {
                        hi = bracketEscape();
                        if (hi < 0) {
                            throw new RegexError(ERANGE); // a class shorthand cannot end a range
                        }
                    } else {
                        hi = h;
                        i++;
                    }
                    // PostgreSQL reads the next token before it checks the range: its error comes first
                    lexAhead();
                    if (hi < lo) {
                        throw new RegexError(ERANGE);
                    }
                    continue;
                }
            }
        }

        /** Lexes the next bracket token for its errors only, without consuming it. */
        private void lexAhead() {
            if (i >= p.length || (p[i] == '[' && i + 1 >= p.length)) {
                throw new RegexError(EBRACK);
            }
            if (p[i] == '\\' && !ere) {
                int save = i;
                bracketEscape();
                i = save;
            }
        }

        private static boolean isClassName(int[] p, int from, int to) {
            StringBuilder n = new StringBuilder(to - from);
            for (int k = from; k < to; k++) {
                if (p[k] >= 0x80) {
                    return false;
                }
                n.append((char) p[k]);
            }
            return switch (n.toString()) {
                case "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
                        "upper", "xdigit", "word", "ascii" -> true;
                default -> false;
            };
        }

        private static boolean isAsciiLetter(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isAsciiAlnum(int c) {
            return isAsciiLetter(c) || isDigit(c);
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }
    }
}
