package io.github.pghba.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A PostgreSQL ARE (advanced regular expression) run on the JVM: the pattern is translated to
 * {@link java.util.regex} with ARE's meaning kept (unanchored search, {@code .} matches a newline,
 * {@code $} only at the very end, ARE escapes such as {@code \y}, {@code \m}, {@code \M}, {@code \Z},
 * bracket classes), and every match runs under a step budget, so no pattern can backtrack for long
 * on the JVM where PostgreSQL's automaton engine would not.
 *
 * <p>PostgreSQL checks pg_hba.conf and pg_ident.conf before any database is chosen, when the
 * encoding is SQL_ASCII: patterns and names are compared byte by byte ({@code .} matches one byte
 * of a multibyte character) and only ASCII letters fold under {@code (?i)}. So both are turned into
 * byte strings (one char per byte) before matching.
 *
 * <p>Known differences: ARE decides greediness for a whole expression by its first quantifier,
 * Java per quantifier; this can only change what a capture group holds (pg_ident's {@code \1}), never
 * whether a pattern matches. A match that exceeds the budget counts as no match.
 */
public final class AreRegex {
    /** Character accesses a single match may make. */
    static final int STEP_BUDGET = 2_000_000;

    private final Pattern pattern;
    private final String source;
    /**
     * Per thread, a matcher over a reusable budgeted input, so that {@link #find} allocates nothing
     * once a thread has run the pattern (the compiled matcher's zero-allocation path). Nothing is
     * shared between threads.
     */
    private final ThreadLocal<Scratch> scratch;

    private AreRegex(Pattern pattern, String source) {
        this.pattern = pattern;
        this.source = source;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(pattern));
    }

    /** One thread's matcher and the input it reads. */
    private static final class Scratch {
        final Budget input = new Budget("");
        final Matcher matcher;

        Scratch(Pattern pattern) {
            this.matcher = pattern.matcher(input);
        }
    }

    /** Translates an ARE pattern (without its leading {@code /}); empty if PostgreSQL refuses it. */
    public static Optional<AreRegex> compile(String are) {
        if (PgRegex.compileError(are).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AreRegex(translate(bytes(are)), are));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** The ARE source. */
    public String source() {
        return source;
    }

    /** Whether the pattern is found anywhere in {@code text} ({@code pg_regexec} == REG_OKAY). */
    public boolean find(String text) {
        Scratch s = scratch.get();
        s.input.reset(bytes(text));
        try {
            return s.matcher.reset(s.input).find();
        } catch (BudgetExceeded e) {
            return false;
        } finally {
            s.input.reset(""); // keep no reference to the name
        }
    }

    /** The first match's group 1, if the pattern is found and has a group 1 that took part. */
    public Optional<Optional<String>> findGroup1(String text) {
        try {
            String b = bytes(text);
            Matcher m = pattern.matcher(new Budget(b));
            if (!m.find()) {
                return Optional.empty();
            }
            if (m.groupCount() < 1 || m.start(1) < 0) {
                return Optional.of(Optional.empty());
            }
            return Optional.of(Optional.of(unbytes(b.substring(m.start(1), m.end(1)))));
        } catch (BudgetExceeded e) {
            return Optional.empty();
        }
    }

    /** One char per byte of the text's encoding (SQL_ASCII semantics). */
    static String bytes(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return text;
        }
        byte[] b = Utf8.encode(text);
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = (char) (b[i] & 0xff);
        }
        return new String(c);
    }

    /** The inverse of {@link #bytes}. */
    static String unbytes(String byteString) {
        byte[] b = new byte[byteString.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) byteString.charAt(i);
        }
        return Utf8.decode(b);
    }

    /** Number of capture groups. */
    public int groupCount() {
        return pattern.matcher("").groupCount();
    }

    static Pattern translate(String are) {
        int flags = Pattern.DOTALL;
        String p = are;
        if (p.startsWith("***=")) {
            return Pattern.compile(Pattern.quote(p.substring(4)), flags);
        }
        if (p.startsWith("***:")) {
            p = p.substring(4);
        }
        if (p.startsWith("(?") && p.length() > 2 && Character.isLetter(p.charAt(2)) && p.charAt(2) < 128) {
            int close = p.indexOf(')');
            String opts = p.substring(2, close);
            p = p.substring(close + 1);
            // the last of q, b, e decides the syntax (regc_lex.c prefixes()); the other letters
            // apply whichever comes last
            int syntax = 'a';
            for (char c : opts.toCharArray()) {
                switch (c) {
                    case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
                    case 'c' -> flags &= ~Pattern.CASE_INSENSITIVE;
                    case 'x' -> flags |= Pattern.COMMENTS;
                    case 't' -> flags &= ~Pattern.COMMENTS;
                    case 'n', 'w' -> flags = (flags & ~Pattern.DOTALL) | Pattern.MULTILINE;
                    case 'p' -> flags &= ~Pattern.DOTALL;
                    case 's' -> flags = (flags | Pattern.DOTALL) & ~Pattern.MULTILINE;
                    case 'q', 'b', 'e' -> syntax = c;
                    default -> {
                        if (c == 'm') { // m = n
                            flags = (flags & ~Pattern.DOTALL) | Pattern.MULTILINE;
                        }
                    }
                }
            }
            if (syntax == 'q') {
                // a literal string: REG_QUOTE drops expanded syntax and newline sensitivity
                return Pattern.compile(Pattern.quote(p), flags & ~(Pattern.COMMENTS | Pattern.MULTILINE));
            }
            boolean expanded = (flags & Pattern.COMMENTS) != 0;
            flags &= ~Pattern.COMMENTS; // Java's comments mode skips blanks in brackets too: see tight()
            if (syntax == 'b') {
                return Pattern.compile(fromBre(expanded ? tight(p, false) : p), flags);
            }
            if (syntax == 'e') {
                return translate(expanded ? tight(p, false) : p, flags, true);
            }
            if (expanded) {
                return translate(tight(PgRegex.stripComments(p), true), flags, false);
            }
        }
        // "(?#...)" comments belong to the ARE lexer, after the prefixes
        return translate(PgRegex.stripComments(p), flags, false);
    }

    /**
     * The pattern after its prefixes; {@code ere}: a POSIX ERE (after the option {@code e}), where a
     * backslash quotes the next character and is itself literal inside brackets.
     */
    private static Pattern translate(String p, int flags, boolean ere) {
        StringBuilder out = new StringBuilder();
        boolean multiline = (flags & Pattern.MULTILINE) != 0;
        // PostgreSQL numbers only the capturing groups outside lookarounds: inside one, "(" does not
        // capture (regcomp.c), so it becomes "(?:" here to keep Java's numbers equal
        java.util.ArrayDeque<Boolean> lookaround = new java.util.ArrayDeque<>();
        int[] groups = {0};
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            switch (c) {
                case '(' -> {
                    boolean inside = !lookaround.isEmpty() && lookaround.peek();
                    boolean look = p.startsWith("(?=", i) || p.startsWith("(?!", i) || p.startsWith("(?<=", i)
                            || p.startsWith("(?<!", i);
                    if (p.startsWith("(?", i)) {
                        out.append('(');
                    } else if (inside) {
                        out.append("(?:");
                    } else {
                        groups[0]++;
                        out.append('(');
                    }
                    lookaround.push(inside || look);
                    i++;
                }
                case ')' -> {
                    if (ere && lookaround.isEmpty()) {
                        out.append("\\)"); // an unbalanced ')' is literal in an ERE
                    } else {
                        if (!lookaround.isEmpty()) {
                            lookaround.pop();
                        }
                        out.append(')');
                    }
                    i++;
                }
                case '\\' -> {
                    if (ere) {
                        out.append(Pattern.quote(p.substring(i + 1, i + 2)));
                        i += 2;
                    } else {
                        i = escape(p, i, out, false, groups[0]);
                    }
                }
                case '$' -> {
                    out.append(multiline ? "$" : "\\z");
                    i++;
                }
                case '[' -> {
                    if (p.startsWith("[[:<:]]", i) || p.startsWith("[[:>:]]", i)) {
                        out.append(p.charAt(i + 3) == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
                        i += 7;
                    } else {
                        i = bracket(p, i, out, ere);
                    }
                }
                case '{' -> {
                    if (i + 1 < p.length() && Character.isDigit(p.charAt(i + 1))) {
                        int close = p.indexOf('}', i);
                        out.append(p, i, close + 1);
                        i = close + 1;
                    } else {
                        out.append("\\{");
                        i++;
                    }
                }
                case '}' -> {
                    out.append("\\}");
                    i++;
                }
                default -> {
                    out.append(c);
                    i++;
                }
            }
        }
        return Pattern.compile(out.toString(), flags);
    }

    /**
     * The pattern without what the expanded syntax (option {@code x}) skips before every token:
     * blanks and {@code #} comments outside brackets and escapes (regc_lex.c {@code skip()}), for
     * a pattern {@link PgRegex} accepted. Java's {@code COMMENTS} mode is not the same: it skips
     * blanks inside brackets too. In an ARE ({@code advf}), two word characters that a skipped run
     * kept apart stay apart outside bounds ({@code \0 1} is the escape {@code \0} and a
     * {@code 1}); BRE and ERE escapes are one character, so nothing joins there.
     */
    static String tight(String p, boolean advf) {
        StringBuilder out = new StringBuilder(p.length());
        boolean inBound = false;
        boolean skipped = false;
        int n = p.length();
        int i = 0;
        while (i < n) {
            char c = p.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r')) { // iscspace() in the C locale
                skipped = true;
                i++;
                continue;
            }
            if (c == '#') {
                while (i < n && p.charAt(i) != '\n') {
                    i++;
                }
                skipped = true;
                continue;
            }
            if (skipped && advf && !inBound && out.length() > 0 && isWordChar(out.charAt(out.length() - 1))
                    && isWordChar(c)) {
                out.append("(?:)");
            }
            skipped = false;
            if (c == '\\') {
                // the escaped character is read as it is; so is the one after ARE's "\\c"
                int end = Math.min(n, advf && i + 2 < n && p.charAt(i + 1) == 'c' ? i + 3 : i + 2);
                out.append(p, i, end);
                i = end;
                continue;
            }
            if (c == '[') {
                int end = bracketEnd(p, i, advf);
                out.append(p, i, end);
                i = end;
                continue;
            }
            if (c == '{' && !inBound) {
                int j = i + 1;
                while (j < n && (p.charAt(j) == ' ' || (p.charAt(j) >= '\t' && p.charAt(j) <= '\r'))) {
                    j++;
                }
                inBound = j < n && p.charAt(j) >= '0' && p.charAt(j) <= '9';
            } else if (c == '}') {
                inBound = false;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /**
     * The index after the bracket expression opening at {@code p[i]}: a "]" right after "[" or
     * "[^" is a member; {@code [:class:]}, {@code [.coll.]} and {@code [=equiv=]} are read whole;
     * in an ARE a backslash escapes the next character.
     */
    private static int bracketEnd(String p, int i, boolean advf) {
        int n = p.length();
        int j = i + 1;
        if (j < n && p.charAt(j) == '^') {
            j++;
        }
        if (j < n && p.charAt(j) == ']') {
            j++;
        }
        while (j < n) {
            char c = p.charAt(j);
            if (c == '[' && j + 1 < n && ":.=".indexOf(p.charAt(j + 1)) >= 0) {
                int end = p.indexOf(p.charAt(j + 1) + "]", j + 2);
                if (end < 0) {
                    return n;
                }
                j = end + 2;
            } else if (c == '\\' && advf) {
                j += 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return n;
    }

    /** A POSIX BRE after {@code (?b)}: \( \) \{ \} group and bound; ( ) { } + ? | are literal. */
    static String fromBre(String p) {
        // the BRE lexer's LASTTYPE as far as it matters (see PgRegex): 0 start, 1 after "\\(", 2 after
        // an anchor "^", 3 anything else
        StringBuilder out = new StringBuilder();
        int last = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            int next = 3;
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '(' -> {
                        out.append('(');
                        next = 1;
                    }
                    case ')' -> out.append(')');
                    case '{' -> {
                        int close = p.indexOf("\\}", i);
                        String counts = p.substring(i, close);
                        // "\\{,n\\}" and "\\{\\}" mean a lower bound of 0, which Java wants spelled out
                        out.append('{').append(counts.isEmpty() || counts.startsWith(",") ? "0" + counts : counts)
                                .append('}');
                        i = close + 2;
                    }
                    case '<' -> out.append("\\b(?=\\w)");
                    case '>' -> out.append("\\b(?<=\\w)");
                    default -> {
                        if (e >= '1' && e <= '9') {
                            out.append('\\').append(e).append("(?:)");
                        } else if (Character.isLetterOrDigit(e)) {
                            out.append(e); // an escaped letter or digit stands for itself
                        } else {
                            out.append('\\').append(e);
                        }
                    }
                }
            } else if (c == '[' && (p.startsWith("[[:<:]]", i) || p.startsWith("[[:>:]]", i))) {
                out.append(p.charAt(i + 3) == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
                i += 7;
            } else if (c == '[') {
                i = bracket(p, i, out, true); // a backslash in brackets is a plain character
            } else if (c == '^' && last < 2) {
                out.append('^');
                next = 2;
                i++;
            } else if (c == '*' && last < 3) {
                out.append("\\*"); // a literal at the start, after "\\(" or after the anchor "^"
                i++;
            } else if (c == '$' && (i + 1 == p.length() || p.startsWith("\\)", i + 1))) {
                out.append("\\z");
                i++;
            } else if ("(){}+?|^$".indexOf(c) >= 0) {
                out.append('\\').append(c);
                i++;
            } else {
                out.append(c);
                i++;
            }
            last = next;
        }
        return out.toString();
    }

    /**
     * Translates the escape at {@code p[i]}; {@code groups} is the number of capturing groups opened
     * before it (PostgreSQL's heuristic for a backreference versus an octal escape).
     */
    private static int escape(String p, int i, StringBuilder out, boolean inBracket, int groups) {
        char e = p.charAt(i + 1);
        int j = i + 2;
        switch (e) {
            case 'y' -> out.append("\\b");
            case 'Y' -> out.append("\\B");
            case 'm' -> out.append("\\b(?=\\w)");
            case 'M' -> out.append("\\b(?<=\\w)");
            case 'A' -> out.append("\\A");
            case 'Z' -> out.append("\\z");
            case 'b' -> out.append("\\x08");
            case 'B' -> out.append("\\\\");
            case 'e' -> out.append("\\x1B");
            case 'v' -> out.append("\\x0B");
            case 'a' -> out.append("\\x07");
            case 'f', 'n', 'r', 't', 'd', 'D', 's', 'S', 'w', 'W' -> out.append('\\').append(e);
            case 'c' -> {
                out.append("\\c").append(p.charAt(j));
                j++;
            }
            case 'x', 'u', 'U' -> {
                int max = e == 'x' ? 255 : e == 'u' ? 4 : 8;
                int k = j;
                long v = 0;
                while (k < p.length() && k < j + max && p.charAt(k) < 128 && Character.digit(p.charAt(k), 16) >= 0) {
                    v = (v * 16 + Character.digit(p.charAt(k), 16)) & 0xffffffffL;
                    k++;
                }
                // the text is bytes: a character above U+10FFFF matches nothing, as U+10FFFF does not
                out.append(String.format("\\x{%x}", Math.min(v, 0x10ffff)));
                j = k;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                int k = j;
                long n = e - '0';
                while (e != '0' && k < p.length() && k < j + 254 && Character.isDigit(p.charAt(k)) && p.charAt(k) < 128) {
                    n = (n * 10 + (p.charAt(k) - '0')) & 0xffffffffL;
                    k++;
                }
                if (e != '0' && !inBracket && (k == j || (n > 0 && n <= groups))) {
                    out.append('\\').append(n).append("(?:)"); // a backreference (digits end here)
                    j = k;
                } else {
                    // regc_lex.c: up to three octal digits, one fewer if the value passes 0xff
                    k = i + 1;
                    int v = 0;
                    int len = 0;
                    while (k < p.length() && len < 3 && p.charAt(k) >= '0' && p.charAt(k) <= '7') {
                        v = v * 8 + (p.charAt(k) - '0');
                        k++;
                        len++;
                    }
                    if (v > 0xff) {
                        k--;
                        v >>= 3;
                    }
                    out.append(String.format("\\x{%x}", v));
                    j = k;
                }
            }
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    out.append(e);
                } else {
                    out.append('\\').append(e);
                }
            }
        }
        return j;
    }

    private static int bracket(String p, int i, StringBuilder out, boolean ere) {
        out.append('[');
        int j = i + 1;
        if (j < p.length() && p.charAt(j) == '^') {
            out.append('^');
            j++;
        }
        boolean first = true;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == ']' && !first) {
                out.append(']');
                return j + 1;
            }
            first = false;
            if (c == '[' && j + 1 < p.length() && ":.=".indexOf(p.charAt(j + 1)) >= 0) {
                char kind = p.charAt(j + 1);
                int end = p.indexOf(kind + "]", j + 2);
                String name = p.substring(j + 2, end);
                if (kind == ':') {
                    out.append(switch (name) {
                        case "alnum" -> "\\p{Alnum}";
                        case "alpha" -> "\\p{Alpha}";
                        case "blank" -> "\\p{Blank}";
                        case "cntrl" -> "\\p{Cntrl}";
                        case "digit" -> "\\p{Digit}";
                        case "graph" -> "\\p{Graph}";
                        case "lower" -> "\\p{Lower}";
                        case "print" -> "\\p{Print}";
                        case "punct" -> "\\p{Punct}";
                        case "space" -> "\\p{Space}";
                        case "upper" -> "\\p{Upper}";
                        case "xdigit" -> "\\p{XDigit}";
                        case "word" -> "\\w";
                        default -> "\\p{ASCII}";
                    });
                } else {
                    int v = PgRegex.collatingElement(name.chars().toArray(), 0, name.length());
                    out.append(String.format("\\x{%x}", v));
                }
                j = end + 2;
                continue;
            }
            if (c == '\\' && ere) {
                out.append("\\\\");
                j++;
                continue;
            }
            if (c == '\\') {
                j = escape(p, j, out, true, 0);
                continue;
            }
            if (c == '-') {
                out.append('-');
            } else {
                out.append(escapeClassChar(c));
            }
            j++;
        }
        out.append(']');
        return j;
    }

    private static String escapeClassChar(char c) {
        return "[]&\\^".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression step budget exceeded", null, false, false);
        }
    }

    /** A CharSequence that counts accesses, so a runaway match stops. */
    private static final class Budget implements CharSequence {
        private String s;
        private int steps;

        Budget(String s) {
            this.s = s;
        }

        /** Reads {@code text} from now on, with a fresh budget. */
        void reset(String text) {
            s = text;
            steps = 0;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps > STEP_BUDGET) {
                throw new BudgetExceeded();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
