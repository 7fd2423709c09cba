package io.github.pghba.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

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
 * <p>Which text a capture group takes (pg_ident's {@code \1}, {@link #findGroup1}) is decided as
 * PostgreSQL's engine decides it, by {@link AreEngine} over the same translation: the leftmost
 * match, longest or (when the whole expression's first quantifier is lazy) shortest, then split as
 * regexec.c's {@code cdissect} splits it; java.util.regex's own backtracking, which prefers per
 * quantifier and per alternative, is not used for captures. {@link #find} runs java.util.regex,
 * allocation-free, for patterns without back references or lookbehinds of their own; those go to
 * the engine (Java lets a back reference see an earlier iteration's capture, and refuses an
 * unbounded lookbehind), as does a Java match that exceeds its budget. A run of the engine that
 * exceeds its own budget counts as no match.
 *
 * <p>Known differences: PostgreSQL refuses some patterns whose automaton grows too large ("regular
 * expression is too complex", such as {@code ((a{1,100}){1,100}){1,100}}); these compile here. For
 * a pattern that goes to java.util.regex, Java may still decide match or no match otherwise in rare
 * cases (a quantified group whose early iterations match empty), while {@link #findGroup1}, on the
 * engine, answers as PostgreSQL does.
 */
public final class AreRegex {
    /** Character accesses a single match may make. */
    static final int STEP_BUDGET = 2_000_000;

    /** A back reference as the translation writes it. */
    private static final Pattern BACKREF = Pattern.compile("\\(\\?:\\\\[0-9]");

    /** A lookbehind as the translation writes it (also for word and line constraints). */
    private static final Pattern LOOKBEHIND = Pattern.compile("\\(\\?<[=!]");

    /** The java.util.regex form, or null when Java cannot run it (an unbounded lookbehind). */
    private final @Nullable Pattern pattern;
    private final Translation translation;
    private final String source;
    /** Whether {@link #find} asks the Spencer engine (back references, or no Java pattern). */
    private final boolean engineFind;
    /** Spencer's engine over the same translation, built when first needed. */
    private volatile @Nullable AreEngine engine;
    /**
     * Per thread, a matcher over a reusable budgeted input, so that {@link #find} allocates nothing
     * once a thread has run the pattern (the compiled matcher's zero-allocation path). Nothing is
     * shared between threads.
     */
    private final @Nullable ThreadLocal<Scratch> scratch;

    private AreRegex(@Nullable Pattern pattern, Translation translation, String source, @Nullable AreEngine engine) {
        this.pattern = pattern;
        this.translation = translation;
        this.source = source;
        this.engine = engine;
        this.engineFind = pattern == null || (engine != null && (engine.hasBackref() || engine.hasLookbehind()));
        this.scratch = pattern == null ? null : ThreadLocal.withInitial(() -> new Scratch(pattern));
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
        Translation t = translation(bytes(are));
        @Nullable Pattern p;
        try {
            p = t.compile();
        } catch (PatternSyntaxException e) {
            p = null;
        }
        @Nullable AreEngine e = null;
        if (p == null || BACKREF.matcher(t.regex()).find() || LOOKBEHIND.matcher(t.regex()).find()) {
            e = AreEngine.of(t.regex(), t.flags());
            if (e == null && p == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new AreRegex(p, t, are, e));
    }

    /** The ARE source. */
    public String source() {
        return source;
    }

    /**
     * Whether the pattern is found anywhere in {@code text} ({@code pg_regexec} == REG_OKAY). A
     * pattern without back references that java.util.regex can run is matched there, allocating
     * nothing once a thread has run it; the others (and a Java match over its budget) ask the
     * Spencer engine, which allocates.
     */
    public boolean find(String text) {
        if (engineFind) {
            return engineMatch(bytes(text)) != null;
        }
        Scratch s = scratch.get();
        s.input.reset(bytes(text));
        try {
            return s.matcher.reset(s.input).find();
        } catch (BudgetExceeded e) {
            return engineMatch(bytes(text)) != null;
        } finally {
            s.input.reset(""); // keep no reference to the name
        }
    }

    /** The engine, built on first use; null if it cannot read the translation. */
    private @Nullable AreEngine engine() {
        @Nullable AreEngine e = engine;
        if (e == null) {
            e = AreEngine.of(translation.regex(), translation.flags());
            engine = e;
        }
        return e;
    }

    /** The engine's match vector for a byte string, or null (no match, or over its budget). */
    private int @Nullable [] engineMatch(String b) {
        AreEngine e = engine();
        if (e == null) {
            return null;
        }
        try {
            return e.exec(b);
        } catch (AreEngine.BudgetExceeded x) {
            return null;
        }
    }

    /**
     * The first match's group 1, as PostgreSQL's {@code pg_regexec} reports it: empty if the
     * pattern is not found; an empty inner Optional if there is no group 1 or it took no part.
     */
    public Optional<Optional<String>> findGroup1(String text) {
        String b = bytes(text);
        if (engine() != null) {
            int @Nullable [] m = engineMatch(b);
            if (m == null) {
                return Optional.empty();
            }
            if (m.length < 4 || m[2] < 0) {
                return Optional.of(Optional.empty());
            }
            return Optional.of(Optional.of(unbytes(b.substring(m[2], m[3]))));
        }
        try {
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
        return pattern != null ? pattern.matcher("").groupCount() : engine().groupCount();
    }

    /**
     * The newline-sensitivity and case of a pattern (regcomp.c's {@code REG_NLSTOP},
     * {@code REG_NLANCH}, {@code REG_ICASE}), as the translation needs them.
     *
     * @param nlstop {@code .} and {@code [^...]} do not match a newline ((?n), (?p))
     * @param nlanch {@code ^} and {@code $} also match after and before a newline ((?n), (?w))
     * @param icase case-insensitive ((?i)): {@code [[:lower:]]} and {@code [[:upper:]]} mean alpha
     */
    private record Mode(boolean nlstop, boolean nlanch, boolean icase) {
        /**
         * The Java flags: one line terminator, {@code \n} (UNIX_LINES; Java's own also include
         * {@code \r} and U+0085, a byte of many UTF-8 names here).
         */
        int flags() {
            return Pattern.UNIX_LINES | (nlstop ? 0 : Pattern.DOTALL) | (nlanch ? Pattern.MULTILINE : 0)
                    | (icase ? Pattern.CASE_INSENSITIVE : 0);
        }

        /** {@code ^} as an anchor: with nlanch also after every newline, the last one too (Java's is not). */
        String caret() {
            return nlanch ? "(?<![^\\n])" : "^";
        }

        /** {@code $} as an anchor: the very end, or (nlanch) also before any newline. */
        String dollar() {
            return nlanch ? "$" : "\\z";
        }
    }

    /** A translated pattern: java.util.regex text and flags. */
    record Translation(String regex, int flags) {
        Pattern compile() {
            return Pattern.compile(regex, flags);
        }
    }

    static Pattern translate(String are) {
        return translation(are).compile();
    }

    static Translation translation(String are) {
        String p = are;
        if (p.startsWith("***=")) {
            return new Translation(Pattern.quote(p.substring(4)), Pattern.DOTALL);
        }
        if (p.startsWith("***:")) {
            p = p.substring(4);
        }
        boolean icase = false;
        boolean expanded = false;
        boolean nlstop = false;
        boolean nlanch = false;
        int syntax = 'a';
        if (p.startsWith("(?") && p.length() > 2 && Character.isLetter(p.charAt(2)) && p.charAt(2) < 128) {
            int close = p.indexOf(')');
            String opts = p.substring(2, close);
            p = p.substring(close + 1);
            // regc_lex.c prefixes(): the last of q, b, e decides the syntax; each other letter sets
            // or clears its flags in order
            for (char c : opts.toCharArray()) {
                switch (c) {
                    case 'i' -> icase = true;
                    case 'c' -> icase = false;
                    case 'x' -> expanded = true;
                    case 't' -> expanded = false;
                    case 'n', 'm' -> {
                        nlstop = true;
                        nlanch = true;
                    }
                    case 'p' -> {
                        nlstop = true;
                        nlanch = false;
                    }
                    case 'w' -> {
                        nlstop = false;
                        nlanch = true;
                    }
                    case 's' -> {
                        nlstop = false;
                        nlanch = false;
                    }
                    default -> syntax = c; // q, b, e (PgRegex refused any other letter)
                }
            }
        }
        if (syntax == 'q') {
            // a literal string: REG_QUOTE drops expanded syntax and newline sensitivity
            return new Translation(Pattern.quote(p), new Mode(false, false, icase).flags());
        }
        Mode mode = new Mode(nlstop, nlanch, icase);
        if (syntax == 'b') {
            return new Translation(fromBre(expanded ? tight(p, false) : p, mode), mode.flags());
        }
        if (syntax == 'e') {
            return translate(expanded ? tight(p, false) : p, mode, true);
        }
        // "(?#...)" comments belong to the ARE lexer, after the prefixes
        String rest = PgRegex.stripComments(p);
        return translate(expanded ? tight(rest, true) : rest, mode, false);
    }

    /**
     * The pattern after its prefixes; {@code ere}: a POSIX ERE (after the option {@code e}), where a
     * backslash quotes the next character and is itself literal inside brackets.
     */
    private static Translation translate(String p, Mode mode, boolean ere) {
        StringBuilder out = new StringBuilder();
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
                        i = escape(p, i, out, false, groups[0], mode);
                    }
                }
                case '$' -> {
                    out.append(mode.dollar());
                    i++;
                }
                case '^' -> {
                    out.append(mode.caret());
                    i++;
                }
                case '[' -> {
                    if (p.startsWith("[[:<:]]", i) || p.startsWith("[[:>:]]", i)) {
                        out.append(p.charAt(i + 3) == '<' ? WORD_START : WORD_END);
                        i += 7;
                    } else {
                        i = bracket(p, i, out, ere, mode);
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
        return new Translation(out.toString(), mode.flags());
    }

    /**
     * PostgreSQL's word characters under the C collation the server compiles these patterns with:
     * ASCII letters, digits and {@code _} ({@code pg_wc_isword}). Java's {@code \\b} would also take
     * Unicode letters, and a byte such as 0xB5 is one ({@code µ}).
     */
    static final String WORD = "[A-Za-z0-9_]";
    /** {@code \\m}, {@code [[:<:]]}: a word starts here. */
    static final String WORD_START = "(?<!" + WORD + ")(?=" + WORD + ")";
    /** {@code \\M}, {@code [[:>:]]}: a word ends here. */
    static final String WORD_END = "(?<=" + WORD + ")(?!" + WORD + ")";
    /**
     * {@code \\y}: a word starts or ends here. An atomic group (a zero-width one, so the same as
     * {@code (?:}) that no ARE can spell, so that {@link AreEngine} tells this single constraint from
     * the group {@code (?:\\m|\\M)}, which PostgreSQL reads as a quantifiable, longest-preferring
     * alternation.
     */
    static final String WORD_EDGE = "(?>" + WORD_START + "|" + WORD_END + ")";
    /** {@code \\Y}: no word starts or ends here (an atomic group, as {@link #WORD_EDGE}). */
    static final String NOT_WORD_EDGE = "(?>(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD
            + "))";

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
    static String fromBre(String p, Mode mode) {
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
                    case '<' -> out.append(WORD_START);
                    case '>' -> out.append(WORD_END);
                    default -> {
                        if (e >= '1' && e <= '9') {
                            // a group of its own: a quantifier after it repeats it, a digit after it is a digit
                            out.append("(?:\\").append(e).append(')');
                        } else if (Character.isLetterOrDigit(e)) {
                            out.append(e); // an escaped letter or digit stands for itself
                        } else {
                            out.append('\\').append(e);
                        }
                    }
                }
            } else if (c == '[' && (p.startsWith("[[:<:]]", i) || p.startsWith("[[:>:]]", i))) {
                out.append(p.charAt(i + 3) == '<' ? WORD_START : WORD_END);
                i += 7;
            } else if (c == '[') {
                i = bracket(p, i, out, true, mode); // a backslash in brackets is a plain character
            } else if (c == '^' && last < 2) {
                out.append(mode.caret());
                next = 2;
                i++;
            } else if (c == '*' && last < 3) {
                out.append("\\*"); // a literal at the start, after "\\(" or after the anchor "^"
                i++;
            } else if (c == '$' && (i + 1 == p.length() || p.startsWith("\\)", i + 1))) {
                out.append(mode.dollar());
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
    private static int escape(String p, int i, StringBuilder out, boolean inBracket, int groups, Mode mode) {
        char e = p.charAt(i + 1);
        int j = i + 2;
        switch (e) {
            case 'y' -> out.append(WORD_EDGE);
            case 'Y' -> out.append(NOT_WORD_EDGE);
            case 'm' -> out.append(WORD_START);
            case 'M' -> out.append(WORD_END);
            case 'A' -> out.append("\\A");
            case 'Z' -> out.append("\\z");
            case 'b' -> out.append("\\x08");
            case 'B' -> out.append("\\\\");
            case 'e' -> out.append("\\x1B");
            case 'v' -> out.append("\\x0B");
            case 'a' -> out.append("\\x07");
            case 'f', 'n', 'r', 't', 'd', 'D', 's', 'S', 'w', 'W' -> out.append('\\').append(e);
            case 'c' -> {
                // regc_lex.c: the next character's low five bits (Java's \\c flips bit 6 instead)
                out.append(String.format("\\x{%x}", p.charAt(j) & 037));
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
                    // a backreference, a group of its own: a quantifier after it repeats it, and
                    // the digits end here
                    out.append("(?:\\").append(n).append(')');
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

    private static int bracket(String p, int i, StringBuilder out, boolean ere, Mode mode) {
        out.append('[');
        int j = i + 1;
        boolean negated = false;
        if (j < p.length() && p.charAt(j) == '^') {
            out.append('^');
            negated = true;
            j++;
        }
        boolean first = true;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == ']' && !first) {
                if (negated && mode.nlstop()) {
                    out.append("\\n"); // REG_NLSTOP: a negated bracket never matches a newline
                }
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
                        case "cntrl" -> "\\x00-\\x1F\\x7F-\\x9F"; // hard-wired in regc_locale.c
                        case "digit" -> "\\p{Digit}";
                        case "graph" -> "\\p{Graph}";
                        case "lower" -> mode.icase() ? "\\p{Alpha}" : "\\p{Lower}";
                        case "print" -> "\\p{Print}";
                        case "punct" -> "\\p{Punct}";
                        case "space" -> "\\p{Space}";
                        case "upper" -> mode.icase() ? "\\p{Alpha}" : "\\p{Upper}";
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
                j = escape(p, j, out, true, 0, mode);
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
