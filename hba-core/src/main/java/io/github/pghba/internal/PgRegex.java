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
 * options {@code b} (BRE) or {@code e} (ERE) the rest is not checked: such patterns are accepted.
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
     * Removes ARE comments {@code (?#...)} outside bracket expressions, as PostgreSQL's lexer skips
     * them (an unterminated one runs to the end).
     */
    static String stripComments(String p) {
        if (!p.contains("(?#") || p.startsWith("***=")) {
            return p;
        }
        StringBuilder out = new StringBuilder();
        boolean inBracket = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                out.append(c).append(p.charAt(++i));
            } else if (inBracket) {
                out.append(c);
                if (c == ']') {
                    inBracket = false;
                }
            } else if (c == '[') {
                out.append(c);
                inBracket = true;
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    out.append(p.charAt(++i));
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    out.append(p.charAt(++i));
                }
            } else if (p.startsWith("(?#", i)) {
                int close = p.indexOf(')', i);
                i = close < 0 ? p.length() : close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The {@code pg_regerror} text if PostgreSQL refuses the pattern, else empty. */
    public static Optional<String> compileError(String pattern) {
        try {
            new Checker(pattern).run();
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
        private final String p;
        private int i;
        private int groups;
        private boolean expanded;
        private int maxBackref;
        /** Capture groups whose closing parenthesis has been seen: only those can be referenced. */
        private final java.util.BitSet closed = new java.util.BitSet();

        Checker(String p) {
            this.p = stripComments(p);
        }

        void run() {
            if (p.startsWith("***") && p.length() >= 4) {
                switch (p.charAt(3)) {
                    case '?' -> throw new RegexError("invalid regexp (reg version 0.8)");
                    case '=' -> {
                        return; // the rest is a literal string
                    }
                    case ':' -> i = 4;
                    default -> throw new RegexError(BADRPT);
                }
            }
            // embedded options only when a letter follows "(?" (regc_lex.c prefixes())
            if (p.startsWith("(?", i) && i + 2 < p.length() && isAsciiLetter(p.charAt(i + 2))) {
                int j = i + 2;
                boolean quote = false;
                boolean notAre = false;
                while (j < p.length() && isAsciiLetter(p.charAt(j))) {
                    char c = p.charAt(j);
                    switch (c) {
                        case 'x' -> expanded = true;
                        case 't' -> expanded = false;
                        case 'q' -> quote = true;
                        case 'b', 'e' -> notAre = true;
                        case 'c', 'i', 'm', 'n', 'p', 's', 'w' -> { }
                        default -> throw new RegexError(BADOPT);
                    }
                    j++;
                }
                if (j >= p.length() || p.charAt(j) != ')') {
                    throw new RegexError(BADOPT);
                }
                i = j + 1;
                if (quote || notAre) {
                    // a literal string, or BRE/ERE syntax: not checked further (see the class comment)
                    return;
                }
            }
            regex(0);
            if (i < p.length()) {
                throw new RegexError(EPAREN); // a stray ')'
            }
            if (maxBackref > groups) {
                throw new RegexError(ESUBREG);
            }
        }

        private boolean atEnd() {
            skipExpanded();
            return i >= p.length();
        }

        private void skipExpanded() {
            if (!expanded) {
                return;
            }
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n') {
                    i++;
                } else if (c == '#') {
                    while (i < p.length() && p.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    break;
                }
            }
        }

        private void regex(int depth) {
            branch(depth);
            while (!atEnd() && p.charAt(i) == '|') {
                i++;
                branch(depth);
            }
        }

        private void branch(int depth) {
            while (!atEnd()) {
                char c = p.charAt(i);
                if (c == '|') {
                    return;
                }
                if (c == ')') {
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
            char c = p.charAt(i);
            switch (c) {
                case '*', '+', '?' -> throw new RegexError(BADRPT);
                case '{' -> {
                    if (i + 1 < p.length() && isDigit(p.charAt(i + 1))) {
                        throw new RegexError(BADRPT);
                    }
                    i++;
                    return true;
                }
                case '(' -> {
                    i++;
                    boolean constraint = false;
                    int number = 0;
                    if (p.startsWith("?:", i)) {
                        i += 2;
                    } else if (p.startsWith("?=", i) || p.startsWith("?!", i)) {
                        i += 2;
                        constraint = true;
                    } else if (p.startsWith("?<=", i) || p.startsWith("?<!", i)) {
                        i += 3;
                        constraint = true;
                    } else if (i < p.length() && p.charAt(i) == '?') {
                        throw new RegexError(BADRPT);
                    } else {
                        number = ++groups;
                    }
                    regex(depth + 1);
                    if (atEnd() || p.charAt(i) != ')') {
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
                    if (p.startsWith("[[:<:]]", i) || p.startsWith("[[:>:]]", i)) {
                        i += 7;
                        return false; // word-boundary constraints
                    }
                    i++;
                    bracket();
                    return true;
                }
                case '\\' -> {
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
            char c = p.charAt(i);
            if (c == '*' || c == '+' || c == '?') {
                if (!quantifiable) {
                    throw new RegexError(BADRPT);
                }
                i++;
            } else if (c == '{' && i + 1 < p.length() && isDigit(p.charAt(i + 1))) {
                if (!quantifiable) {
                    throw new RegexError(BADRPT);
                }
                i++;
                // the order of errors follows the lexer: the token after a number is read before
                // the number is checked, and the first error wins
                long m = digits();
                boundToken();
                if (m > DUPMAX) {
                    throw new RegexError(BADBR);
                }
                long n = m;
                if (p.charAt(i) == ',') {
                    i++;
                    boundToken();
                    if (isDigit(p.charAt(i))) {
                        n = digits();
                        boundToken();
                        if (n > DUPMAX) {
                            throw new RegexError(BADBR);
                        }
                    } else {
                        n = Long.MAX_VALUE;
                    }
                    if (m > n) {
                        throw new RegexError(BADBR);
                    }
                }
                if (p.charAt(i) != '}') {
                    throw new RegexError(BADBR);
                }
                i++;
            } else {
                return;
            }
            if (i < p.length() && p.charAt(i) == '?') {
                i++;
            }
            if (!atEnd()) {
                char d = p.charAt(i);
                if (d == '*' || d == '+' || d == '?' || (d == '{' && i + 1 < p.length() && isDigit(p.charAt(i + 1)))) {
                    throw new RegexError(BADRPT);
                }
            }
        }

        /** Digits of a bound, without a range check (values above DUPMAX are checked by the caller). */
        private long digits() {
            long v = 0;
            while (i < p.length() && isDigit(p.charAt(i))) {
                v = Math.min(v * 10 + (p.charAt(i) - '0'), DUPMAX + 1L);
                i++;
            }
            return v;
        }

        /** Lexing inside a bound: end of pattern is "braces not balanced", anything but , } digits "bad count". */
        private void boundToken() {
            if (i >= p.length()) {
                throw new RegexError(EBRACE);
            }
            char c = p.charAt(i);
            if (c != ',' && c != '}' && !isDigit(c)) {
                throw new RegexError(BADBR);
            }
        }

        private boolean escape() {
            i++;
            if (i >= p.length()) {
                throw new RegexError(EESCAPE);
            }
            char c = p.charAt(i++);
            switch (c) {
                case 'A', 'Z', 'm', 'M', 'y', 'Y', 'b', 'B' -> {
                    return c == 'b' || c == 'B' ? c == 'b' : false;
                }
                case 'd', 'D', 's', 'S', 'w', 'W', 'a', 'e', 'f', 'n', 'r', 't', 'v' -> {
                    return true;
                }
                case 'c' -> {
                    if (i >= p.length()) {
                        throw new RegexError(EESCAPE);
                    }
                    i++;
                    return true;
                }
                case 'x' -> {
                    int start = i;
                    while (i < p.length() && Character.digit(p.charAt(i), 16) >= 0 && p.charAt(i) < 128) {
                        i++;
                    }
                    if (i == start) {
                        throw new RegexError(EESCAPE);
                    }
                    return true;
                }
                case 'u', 'U' -> {
                    int need = c == 'u' ? 4 : 8;
                    for (int k = 0; k < need; k++) {
                        if (i >= p.length() || Character.digit(p.charAt(i), 16) < 0 || p.charAt(i) >= 128) {
                            throw new RegexError(EESCAPE);
                        }
                        i++;
                    }
                    return true;
                }
                case '0' -> {
                    while (i < p.length() && p.charAt(i) >= '0' && p.charAt(i) <= '7') {
                        i++;
                    }
                    return true;
                }
                default -> {
                    if (c >= '1' && c <= '9') {
                        int start = i - 1;
                        while (i < p.length() && isDigit(p.charAt(i))) {
                            i++;
                        }
                        String num = p.substring(start, i);
                        int n = num.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(num);
                        if (n < 10 || n <= groups) {
                            maxBackref = Math.max(maxBackref, n);
                            if (!closed.get(n)) {
                                // PostgreSQL: a group can be referenced only after it is complete
                                throw new RegexError(ESUBREG);
                            }
                            return true;
                        }
                        // octal escape if it is not a valid backreference
                        for (int k = start; k < i; k++) {
                            if (p.charAt(k) > '7') {
                                throw new RegexError(ESUBREG);
                            }
                        }
                        return true;
                    }
                    if (Character.isLetterOrDigit(c)) {
                        throw new RegexError(EESCAPE);
                    }
                    return true;
                }
            }
        }

        private void bracket() {
            if (i < p.length() && p.charAt(i) == '^') {
                i++;
            }
            boolean first = true;
            int prev = -1; // last single character, for ranges
            while (true) {
                if (i >= p.length()) {
                    throw new RegexError(EBRACK);
                }
                char c = p.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    return;
                }
                first = false;
                int lo;
                if (c == '[' && i + 1 < p.length() && (p.charAt(i + 1) == ':' || p.charAt(i + 1) == '='
                        || p.charAt(i + 1) == '.')) {
                    char kind = p.charAt(i + 1);
                    int end = p.indexOf(kind + "]", i + 2);
                    if (end < 0) {
                        throw new RegexError(EBRACK);
                    }
                    String name = p.substring(i + 2, end);
                    i = end + 2;
                    if (kind == ':') {
                        if (!isClassName(name)) {
                            throw new RegexError(ECTYPE);
                        }
                        prev = -1;
                        continue;
                    }
                    if (name.length() != 1) {
                        throw new RegexError(ECOLLATE);
                    }
                    lo = name.charAt(0);
                } else if (c == '\\') {
                    i++;
                    if (i >= p.length()) {
                        throw new RegexError(EESCAPE);
                    }
                    char e = p.charAt(i++);
                    if ("dswDSW".indexOf(e) >= 0) {
                        // a class escape cannot start a range
                        if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                            throw new RegexError(ERANGE);
                        }
                        prev = -1;
                        continue;
                    }
                    lo = switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'f' -> '\f';
                        case 'v' -> 0x0b;
                        case 'a' -> 7;
                        case 'e' -> 27;
                        case 'b' -> 8;
                        default -> {
                            if (Character.isLetterOrDigit(e) && e != 'x' && e != 'u' && e != 'U' && e != 'c'
                                    && !(e >= '0' && e <= '7')) {
                                throw new RegexError(EESCAPE);
                            }
                            yield e;
                        }
                    };
                } else {
                    lo = c;
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    i++;
                    int hi;
                    char h = p.charAt(i);
                    if (h == '[' && i + 1 < p.length() && (p.charAt(i + 1) == '.' || p.charAt(i + 1) == '=')) {
                        char kind = p.charAt(i + 1);
                        int end = p.indexOf(kind + "]", i + 2);
                        if (end < 0) {
                            throw new RegexError(EBRACK);
                        }
                        String name = p.substring(i + 2, end);
                        if (name.length() != 1) {
                            throw new RegexError(ECOLLATE);
                        }
                        hi = name.charAt(0);
                        i = end + 2;
                    } else if (h == '\\') {
                        if (i + 1 >= p.length()) {
                            throw new RegexError(EESCAPE);
                        }
                        char e = p.charAt(i + 1);
                        if ("dswDSW".indexOf(e) >= 0) {
                            throw new RegexError(ERANGE); // a class escape cannot end a range
                        }
                        hi = e;
                        i += 2;
                    } else {
                        hi = h;
                        i++;
                    }
                    // PostgreSQL reads the next token before it checks the range
                    if (i >= p.length()) {
                        throw new RegexError(EBRACK);
                    }
                    if (hi < lo) {
                        throw new RegexError(ERANGE);
                    }
                    prev = -1;
                    continue;
                }
                prev = lo;
            }
        }

        private static boolean isClassName(String n) {
            return switch (n) {
                case "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
                        "upper", "xdigit", "word", "ascii" -> true;
                default -> false;
            };
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
