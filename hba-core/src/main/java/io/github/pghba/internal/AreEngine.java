package io.github.pghba.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Henry Spencer's matcher, as PostgreSQL runs it, over the java.util.regex text that
 * {@link AreRegex} translates an ARE into: it says which text each capture group takes, where Java's
 * backtracking prefers per quantifier and per alternative and so often answers otherwise.
 *
 * <p>The pattern is read into the subexpression tree that regcomp.c's {@code parse},
 * {@code parsebranch} and {@code parseqatom} build: plain stretches become {@code '='} nodes (a
 * regular language, no inner structure), and only capturing groups, back references and
 * preference clashes get concatenation ({@code '.'}), alternation ({@code '|'}), iteration
 * ({@code '*'}) and back reference ({@code 'b'}) nodes, each with the LONGER/SHORTER preference a
 * node inherits from its first quantified part. Matching is regexec.c's: the leftmost start, then
 * the longest (or, when the whole expression prefers shorter, the shortest) end, then
 * {@code cdissect} over the tree with the same split order, the same iteration rules and the same
 * retries when a back reference fails. Where PostgreSQL asks a DFA whether a node's language
 * takes an exact span, this asks a memoized set-of-ends computation over the same language
 * (constraints and lookarounds are evaluated against the whole subject, and a back reference
 * stands for its group's language with constraints removed, as regcomp.c's copy does).
 *
 * <p>Subjects are byte strings (one char per byte). Every run has a step budget.
 */
final class AreEngine {
    /**
     * Work one run may do: each set of ends made or merged costs its size in 64-bit words, each
     * dissection step one, so that a long subject is bounded in memory as well as in time.
     */
    static final int STEP_BUDGET = 4_000_000;

    // regguts.h subre flags
    private static final int LONGER = 01;
    private static final int SHORTER = 02;
    private static final int MIXED = 04;
    private static final int CAP = 010;
    private static final int BACKR = 020;
    /** regguts.h DUPINF: an unbounded repeat count. */
    private static final int INF = 256;

    private static int up(int f) {
        return (f & (MIXED | CAP | BACKR)) | ((f << 2) & (f << 1) & MIXED);
    }

    private static boolean messy(int f) {
        return (f & (MIXED | CAP | BACKR)) != 0;
    }

    private static int pref(int f) {
        return f & (LONGER | SHORTER);
    }

    private static int combine(int f1, int f2) {
        return up(f1 | f2) | (pref(f1) != 0 ? pref(f1) : pref(f2));
    }

    /** Thrown when a run exceeds {@link #STEP_BUDGET}. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression step budget exceeded", null, false, false);
        }
    }

    // ---- languages -------------------------------------------------------------------------

    /** A regular language over bytes, with zero-width constraints. */
    private abstract static class Lang {
        final int id;

        Lang(AreEngine e) {
            this.id = e.langs++;
        }
    }

    /** One byte from a set. */
    private static final class Chars extends Lang {
        final boolean[] set;

        Chars(AreEngine e, boolean[] set) {
            super(e);
            this.set = set;
        }
    }

    /** Zero-width constraint kinds. */
    private enum Kind { BOS, EOS, CARET, DOLLAR, DOLLAR_ML, WORD_START, WORD_END, WORD_EDGE, NOT_WORD_EDGE, AHEAD, NOT_AHEAD,
        BEHIND, NOT_BEHIND }

    private static final class Cons extends Lang {
        final Kind kind;
        final Lang body;

        Cons(AreEngine e, Kind kind, Lang body) {
            super(e);
            this.kind = kind;
            this.body = body;
        }
    }

    private static final class Seq extends Lang {
        final Lang[] items;

        Seq(AreEngine e, List<Lang> items) {
            super(e);
            this.items = items.toArray(new Lang[0]);
        }
    }

    private static final class Alt extends Lang {
        final Lang[] items;

        Alt(AreEngine e, List<Lang> items) {
            super(e);
            this.items = items.toArray(new Lang[0]);
        }
    }

    private static final class Rep extends Lang {
        final Lang body;
        final int min;
        final int max;

        Rep(AreEngine e, Lang body, int min, int max) {
            super(e);
            this.body = body;
            this.min = min;
            this.max = max;
        }
    }

    /** The body with every constraint taken as true (a back reference's copy of its group). */
    private static final class Free extends Lang {
        final Lang body;

        Free(AreEngine e, Lang body) {
            super(e);
            this.body = body;
        }
    }

    // ---- the subexpression tree ------------------------------------------------------------

    private static final class Subre {
        char op;
        int flags;
        int capno;
        int backno;
        int min = 1;
        int max = 1;
        Subre[] kids = new Subre[0];
        Lang lang;
        /** Capture numbers in this subtree (zaptreesubs). */
        int[] caps;

        Subre(char op, int flags) {
            this.op = op;
            this.flags = flags;
        }
    }

    private int langs;
    private final Subre tree;
    private final int nsub;
    private final boolean backref;
    private final boolean icase;
    private final boolean lookbehind;

    // parsing state
    private String p;
    private int i;
    private int flags;
    private final List<Subre> subs = new ArrayList<>();
    private final Map<String, boolean[]> tables = new HashMap<>();
    private boolean sawBackref;
    private boolean sawLookbehind;
    private int groups;

    private AreEngine(String regex, int flags) {
        this.p = unquote(regex);
        this.flags = flags;
        this.icase = (flags & Pattern.CASE_INSENSITIVE) != 0;
        subs.add(null);
        Subre t = parse(false);
        if (i != p.length()) {
            throw new IllegalArgumentException("unexpected ')' at " + i);
        }
        this.tree = t;
        this.nsub = groups;
        this.backref = sawBackref;
        this.lookbehind = sawLookbehind;
        markCaps(t);
        this.p = null;
        this.tables.clear();
    }

    /**
     * The engine for a translated pattern ({@code regex} and its java.util.regex flags), or
     * {@code null} if the text is not one the translation makes.
     */
    static @Nullable AreEngine of(String regex, int flags) {
        try {
            return new AreEngine(regex, flags);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the pattern has a back reference (then PostgreSQL runs cfind, not find). */
    boolean hasBackref() {
        return backref;
    }

    /**
     * Whether the pattern has a lookbehind of its own (not one the translation writes for a word or
     * line constraint): java.util.regex refuses or misreads one of unbounded length.
     */
    boolean hasLookbehind() {
        return lookbehind;
    }

    /** Number of capturing groups. */
    int groupCount() {
        return nsub;
    }

    private static int[] markCaps(Subre t) {
        List<Integer> all = new ArrayList<>();
        if (t.capno > 0) {
            all.add(t.capno);
        }
        for (Subre k : t.kids) {
            for (int c : markCaps(k)) {
                all.add(c);
            }
        }
        t.caps = all.stream().mapToInt(Integer::intValue).toArray();
        return t.caps;
    }

    /** {@code \Q...\E} quoting, as Pattern.quote writes it, turned into one escape per character. */
    private static String unquote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int k = 0;
        while (k < n) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < n && s.charAt(k + 1) == 'Q') {
                int end = s.indexOf("\\E", k + 2);
                if (end < 0) {
                    end = n;
                }
                for (int j = k + 2; j < end; j++) {
                    out.append(String.format("\\x{%x}", (int) s.charAt(j)));
                }
                k = Math.min(n, end + 2);
            } else if (c == '\\' && k + 1 < n) {
                out.append(c).append(s.charAt(k + 1));
                k += 2;
            } else if (c == '[') {
                int end = classEnd(s, k);
                out.append(s, k, end);
                k = end;
            } else {
                out.append(c);
                k++;
            }
        }
        return out.toString();
    }

    /** The index after the Java character class at {@code s[k]} as the translation writes it. */
    private static int classEnd(String s, int k) {
        int j = k + 1;
        if (j < s.length() && s.charAt(j) == '^') {
            j++;
        }
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                if (j + 2 < s.length() && "pPx".indexOf(s.charAt(j + 1)) >= 0 && s.charAt(j + 2) == '{') {
                    j = s.indexOf('}', j) + 1;
                } else {
                    j += 2;
                }
            } else if (c == ']') {
                return j + 1;
            } else if (c == '[') {
                j = classEnd(s, j);
            } else {
                j++;
            }
        }
        throw new IllegalArgumentException("unclosed class");
    }

    // ---- regcomp.c's parse, parsebranch, parseqatom ------------------------------------------

    private boolean atBranchEnd() {
        return i >= p.length() || p.charAt(i) == '|' || p.charAt(i) == ')';
    }

    private Subre parse(boolean lacon) {
        List<Subre> branches = new ArrayList<>();
        int f = LONGER;
        do {
            Subre b = parseBranch(lacon);
            branches.add(b);
            f |= up(f | b.flags);
        } while (eat("|"));
        if (branches.size() == 1) {
            return branches.get(0);
        }
        Subre r = new Subre('|', f);
        List<Lang> ls = new ArrayList<>();
        for (Subre b : branches) {
            ls.add(b.lang);
        }
        r.lang = new Alt(this, ls);
        if (messy(f)) {
            r.kids = branches.toArray(new Subre[0]);
        } else {
            r.op = '=';
        }
        return r;
    }

    /** One branch being built: the tentative '=' top and its pieces so far. */
    private static final class Branch {
        Subre top = new Subre('=', 0);
        final List<Lang> pieces = new ArrayList<>();
        boolean seen;
        boolean done;
    }

    private Subre parseBranch(boolean lacon) {
        Branch b = new Branch();
        while (!atBranchEnd() && !b.done) {
            parseQAtom(b, lacon);
            b.seen = true;
        }
        if (!b.done) {
            b.top.lang = seq(b.pieces);
        }
        return b.top;
    }

    private Lang seq(List<Lang> pieces) {
        return pieces.size() == 1 ? pieces.get(0) : new Seq(this, new ArrayList<>(pieces));
    }

    private boolean eat(String s) {
        if (p.startsWith(s, i)) {
            i += s.length();
            return true;
        }
        return false;
    }

    private static final String WORD_START = AreRegex.WORD_START;
    private static final String WORD_END = AreRegex.WORD_END;
    private static final String WORD_EDGE = AreRegex.WORD_EDGE;
    private static final String NOT_WORD_EDGE = AreRegex.NOT_WORD_EDGE;

    private static final int PLAIN = 0;
    private static final int GROUP = 1;
    private static final int BACKREF = 2;

    private void parseQAtom(Branch b, boolean lacon) {
        // constraints: a piece of the current '=' node, no quantifier, no preference
        Lang cons = constraint(lacon);
        if (cons != null) {
            b.pieces.add(cons);
            return;
        }
        int atomtype = PLAIN;
        Subre atom = null;
        Lang atomLang;
        int subno = 0;
        if (p.startsWith("(?:\\", i) && i + 4 < p.length() && Character.isDigit(p.charAt(i + 4))) {
            int j = i + 4;
            int n = 0;
            while (Character.isDigit(p.charAt(j))) {
                n = n * 10 + (p.charAt(j) - '0');
                j++;
            }
            if (p.charAt(j) != ')' || n >= subs.size() || subs.get(n) == null || lacon) {
                throw new IllegalArgumentException("bad backreference");
            }
            i = j + 1;
            atomtype = BACKREF;
            subno = n;
            sawBackref = true;
            atom = new Subre('b', BACKR);
            atom.backno = n;
            atomLang = new Free(this, subs.get(n).lang);
            atom.lang = atomLang;
        } else if (p.startsWith("(?:", i)) {
            i += 3;
            atom = parse(lacon);
            expect(')');
            atomLang = atom.lang;
        } else if (p.charAt(i) == '(' && !p.startsWith("(?", i)) {
            i++;
            boolean cap = !lacon;
            if (cap) {
                subno = ++groups;
                subs.add(null);
            }
            atom = parse(lacon);
            expect(')');
            if (cap) {
                atomtype = GROUP;
                if (atom.capno == 0) {
                    atom.flags |= CAP;
                    atom.capno = subno;
                } else {
                    Subre w = new Subre('(', atom.flags | CAP);
                    w.capno = subno;
                    w.kids = new Subre[] {atom};
                    w.lang = atom.lang;
                    atom = w;
                }
                subs.set(subno, atom);
            }
            atomLang = atom.lang;
        } else {
            atomLang = new Chars(this, table(charAtom()));
        }

        // the quantifier
        int m = 1;
        int n = 1;
        int qprefer = 0;
        if (i < p.length()) {
            char q = p.charAt(i);
            if (q == '*' || q == '+' || q == '?') {
                m = q == '+' ? 1 : 0;
                n = q == '?' ? 1 : INF;
                i++;
                qprefer = eat("?") ? SHORTER : LONGER;
            } else if (q == '{') {
                int close = p.indexOf('}', i);
                String body = p.substring(i + 1, close);
                i = close + 1;
                boolean lazy = eat("?");
                int comma = body.indexOf(',');
                if (comma < 0) {
                    m = n = Integer.parseInt(body);
                } else {
                    m = Integer.parseInt(body.substring(0, comma));
                    n = comma + 1 == body.length() ? INF : Integer.parseInt(body.substring(comma + 1));
                    qprefer = lazy ? SHORTER : LONGER;
                }
            }
        }

        if (m == 0 && n == 0) {
            // {0} cancels the atom; its groups stay defined (a backreference may name them)
            b.pieces.add(new Seq(this, List.of()));
            return;
        }

        Subre top = b.top;
        int f = top.flags | qprefer | (atom != null ? atom.flags : 0);
        if (atomtype == PLAIN && !messy(up(f))) {
            b.pieces.add(m == 1 && n == 1 ? atomLang : new Rep(this, atomLang, m, n));
            top.flags = f;
            return;
        }

        // the hard part: something messy
        if (atom == null) {
            atom = new Subre('=', 0);
            atom.lang = atomLang;
        }
        Subre t = new Subre('.', combine(qprefer, atom.flags));
        Subre prefix = new Subre('=', top.flags);
        prefix.lang = seq(b.pieces);
        boolean vacuous = !b.seen;
        top.op = '.';
        Subre atomNode;
        if (atomtype == BACKREF) {
            atom.min = m;
            atom.max = n;
            atom.flags |= combine(qprefer, atom.flags);
            atom.lang = new Rep(this, atomLang, m, n);
            atomNode = atom;
        } else if (m == 1 && n == 1 && (qprefer == 0 || (atom.flags & (LONGER | SHORTER | MIXED)) == 0
                || qprefer == (atom.flags & (LONGER | SHORTER | MIXED)))) {
            atomNode = atom;
        } else if ((atom.flags & (CAP | BACKR)) == 0) {
            atomNode = new Subre('=', combine(qprefer, atom.flags));
            atomNode.lang = new Rep(this, atom.lang, m, n);
        } else if (m > 0 && (atom.flags & BACKR) == 0) {
            // x{m,n} as x{m-1,n-1}x, capturing only in the last x
            int f2 = combine(qprefer, atom.flags);
            atomNode = new Subre('.', f2);
            Subre before = new Subre('=', pref(f2));
            before.lang = new Rep(this, atom.lang, m - 1, n == INF ? INF : n - 1);
            atomNode.kids = new Subre[] {before, atom};
            atomNode.lang = new Seq(this, List.of(before.lang, atom.lang));
        } else {
            atomNode = new Subre('*', combine(qprefer, atom.flags));
            atomNode.min = m;
            atomNode.max = n;
            atomNode.kids = new Subre[] {atom};
            atomNode.lang = new Rep(this, atom.lang, m, n);
        }

        b.done = true;
        if (!atBranchEnd()) {
            Subre rest = parseBranch(lacon);
            t.kids = new Subre[] {atomNode, rest};
            t.lang = new Seq(this, List.of(atomNode.lang, rest.lang));
            t.flags |= combine(t.flags, rest.flags);
            top.flags |= combine(top.flags, t.flags);
            if (vacuous) {
                top.kids = new Subre[] {atomNode, rest};
                top.lang = t.lang;
                return;
            }
            if (atomNode.op == '=' && rest.op == '=' && !messy(up(atomNode.flags | rest.flags))) {
                t.op = '=';
                t.flags = combine(atomNode.flags, rest.flags);
                t.kids = new Subre[0];
            }
            top.kids = new Subre[] {prefix, t};
            top.lang = new Seq(this, List.of(prefix.lang, t.lang));
        } else {
            top.kids = new Subre[] {prefix, atomNode};
            top.flags |= combine(top.flags, atomNode.flags);
            top.lang = new Seq(this, List.of(prefix.lang, atomNode.lang));
            if (vacuous) {
                b.top = atomNode;
            }
        }
    }

    private void expect(char c) {
        if (i >= p.length() || p.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i);
        }
        i++;
    }

    /** A constraint at {@code p[i]}, or null. */
    private Lang constraint(boolean lacon) {
        for (Object[] w : new Object[][] {{WORD_EDGE, Kind.WORD_EDGE}, {NOT_WORD_EDGE, Kind.NOT_WORD_EDGE},
                {WORD_START, Kind.WORD_START}, {WORD_END, Kind.WORD_END}}) {
            if (eat((String) w[0])) {
                return new Cons(this, (Kind) w[1], null);
            }
        }
        if (eat("^")) {
            return new Cons(this, Kind.CARET, null);
        }
        if (eat("$")) {
            return new Cons(this, (flags & Pattern.MULTILINE) != 0 ? Kind.DOLLAR_ML : Kind.DOLLAR, null);
        }
        if (eat("\\A")) {
            return new Cons(this, Kind.BOS, null);
        }
        if (eat("\\z")) {
            return new Cons(this, Kind.EOS, null);
        }
        Kind look = p.startsWith("(?=", i) ? Kind.AHEAD : p.startsWith("(?!", i) ? Kind.NOT_AHEAD
                : p.startsWith("(?<=", i) ? Kind.BEHIND : p.startsWith("(?<!", i) ? Kind.NOT_BEHIND : null;
        if (look == null) {
            return null;
        }
        i += look == Kind.AHEAD || look == Kind.NOT_AHEAD ? 3 : 4;
        if (look == Kind.BEHIND || look == Kind.NOT_BEHIND) {
            sawLookbehind |= !p.startsWith("[^\\n])", i);
        }
        Subre body = parse(true);
        expect(')');
        return new Cons(this, look, body.lang);
    }

    /** The text of the one-character atom at {@code p[i]}, consumed. */
    private String charAtom() {
        int start = i;
        char c = p.charAt(i);
        if (c == '[') {
            i = classEnd(p, i);
        } else if (c == '\\') {
            char e = p.charAt(i + 1);
            if (e == 'x' && p.charAt(i + 2) == '{') {
                i = p.indexOf('}', i) + 1;
            } else if (e == 'x') {
                i += 4;
            } else if (Character.isDigit(e) || e == 'Q' || e == 'E' || e == 'A' || e == 'z' || e == 'b'
                    || e == 'B' || e == 'G' || e == 'Z' || e == 'k') {
                throw new IllegalArgumentException("unexpected escape \\" + e);
            } else {
                i += 2;
            }
        } else if ("()|*+?{}".indexOf(c) >= 0) {
            throw new IllegalArgumentException("unexpected " + c + " at " + i);
        } else {
            i++;
        }
        return p.substring(start, i);
    }

    /** Which bytes a one-character Java atom matches under the pattern's flags. */
    private boolean[] table(String atom) {
        return tables.computeIfAbsent(atom, a -> {
            java.util.regex.Matcher mt = Pattern.compile(a, flags).matcher("");
            boolean[] t = new boolean[256];
            for (int c = 0; c < 256; c++) {
                t[c] = mt.reset(String.valueOf((char) c)).matches();
            }
            return t;
        });
    }

    // ---- running -------------------------------------------------------------------------

    /** The outcome of one run: null if no match, else the match vector (so, eo per group). */
    int @Nullable [] exec(String s) {
        return new Run(s).exec();
    }

    private final class Run {
        final String s;
        final int n;
        final BitSet[][] memo;
        final int[] so;
        final int[] eo;
        /** What making or merging one set of ends costs. */
        final int setCost;
        int steps;

        Run(String s) {
            this.s = s;
            this.n = s.length();
            this.setCost = 1 + (s.length() >> 6);
            this.memo = new BitSet[2 * langs][];
            this.so = new int[nsub + 1];
            this.eo = new int[nsub + 1];
            java.util.Arrays.fill(so, -1);
            java.util.Arrays.fill(eo, -1);
        }

        void step(int k) {
            steps += k;
            if (steps > STEP_BUDGET) {
                throw new BudgetExceeded();
            }
        }

        // -- languages: the set of ends of matches from a start

        BitSet ends(Lang l, int a, boolean free) {
            int slot = 2 * l.id + (free ? 1 : 0);
            BitSet[] row = memo[slot];
            if (row == null) {
                row = memo[slot] = new BitSet[n + 1];
            }
            BitSet r = row[a];
            if (r == null) {
                r = compute(l, a, free);
                row[a] = r;
            }
            return r;
        }

        private BitSet compute(Lang l, int a, boolean free) {
            step(setCost);
            BitSet r = new BitSet(n + 1);
            if (l instanceof Chars c) {
                if (a < n && c.set[s.charAt(a) & 0xff]) {
                    r.set(a + 1);
                }
            } else if (l instanceof Cons c) {
                if (free || holds(c, a)) {
                    r.set(a);
                }
            } else if (l instanceof Free f) {
                r.or(ends(f.body, a, true));
            } else if (l instanceof Seq q) {
                r.set(a);
                for (Lang item : q.items) {
                    BitSet next = new BitSet(n + 1);
                    step(setCost);
                    for (int x = r.nextSetBit(0); x >= 0; x = r.nextSetBit(x + 1)) {
                        next.or(ends(item, x, free));
                        step(setCost);
                    }
                    r = next;
                    if (r.isEmpty()) {
                        break;
                    }
                }
            } else if (l instanceof Alt alt) {
                for (Lang item : alt.items) {
                    r.or(ends(item, a, free));
                    step(setCost);
                }
            } else if (l instanceof Rep rep) {
                BitSet cur = new BitSet(n + 1);
                cur.set(a);
                if (rep.min == 0) {
                    r.set(a);
                }
                BitSet expanded = new BitSet(n + 1); // positions expanded after min was reached
                for (int k = 1; rep.max == INF || k <= rep.max; k++) {
                    BitSet next = new BitSet(n + 1);
                    step(setCost);
                    for (int x = cur.nextSetBit(0); x >= 0; x = cur.nextSetBit(x + 1)) {
                        if (k > rep.min && rep.max == INF) {
                            if (expanded.get(x)) {
                                continue;
                            }
                            expanded.set(x);
                        }
                        next.or(ends(rep.body, x, free));
                        step(setCost);
                    }
                    if (k >= rep.min) {
                        r.or(next);
                    }
                    if (next.isEmpty() || (k >= rep.min && next.equals(cur))) {
                        break;
                    }
                    cur = next;
                }
            }
            return r;
        }

        private boolean word(int x) {
            if (x < 0 || x >= n) {
                return false;
            }
            char c = s.charAt(x);
            return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
        }

        private boolean holds(Cons c, int a) {
            switch (c.kind) {
                case BOS, CARET:
                    return a == 0;
                case EOS:
                    return a == n;
                case DOLLAR:
                    return a == n || (a == n - 1 && s.charAt(a) == '\n');
                case DOLLAR_ML:
                    return a == n || s.charAt(a) == '\n';
                case WORD_START:
                    return !word(a - 1) && word(a);
                case WORD_END:
                    return word(a - 1) && !word(a);
                case WORD_EDGE:
                    return word(a - 1) != word(a);
                case NOT_WORD_EDGE:
                    return word(a - 1) == word(a);
                case AHEAD:
                    return !ends(c.body, a, false).isEmpty();
                case NOT_AHEAD:
                    return ends(c.body, a, false).isEmpty();
                case BEHIND:
                case NOT_BEHIND: {
                    boolean found = false;
                    for (int x = 0; x <= a && !found; x++) {
                        found = ends(c.body, x, false).get(a);
                    }
                    return found == (c.kind == Kind.BEHIND);
                }
                default:
                    throw new IllegalStateException();
            }
        }

        /** regexec.c longest(): the last end in [start, stop] of a match from start, or -1. */
        int longest(Subre t, int start, int stop) {
            BitSet e = ends(t.lang, start, false);
            return stop < start ? -1 : e.previousSetBit(stop) >= start ? e.previousSetBit(stop) : -1;
        }

        /** regexec.c shortest(): the first end in [min, max] of a match from start, or -1. */
        int shortest(Subre t, int start, int min, int max) {
            BitSet e = ends(t.lang, start, false);
            int x = e.nextSetBit(min);
            return x >= 0 && x <= max ? x : -1;
        }

        int @Nullable [] exec() {
            boolean shorter = (tree.flags & SHORTER) != 0;
            if (!backref) {
                // find(): the first start with a match, its longest (shortest) end, then dissect
                for (int begin = 0; begin <= n; begin++) {
                    int end = shorter ? shortest(tree, begin, begin, n) : longest(tree, begin, n);
                    if (end >= 0) {
                        cdissect(tree, begin, end);
                        return result(begin, end);
                    }
                }
                return null;
            }
            // cfindloop(): rounds, each from the first end any match starting at or after "close"
            // can have; within a round, starts in order and ends in preference order until one
            // dissects; a failed round resumes one past its close, and only while that is before
            // the end of the subject (so an empty match at the very end can be missed)
            int close = 0;
            do {
                int first = -1;
                for (int b = close; b <= n; b++) {
                    int e = ends(tree.lang, b, false).nextSetBit(b);
                    if (e >= 0 && (first < 0 || e < first)) {
                        first = e;
                    }
                }
                if (first < 0) {
                    return null;
                }
                for (int begin = close; begin <= first; begin++) {
                    int estart = begin;
                    int estop = n;
                    for (;;) {
                        int end = shorter ? shortest(tree, begin, estart, estop) : longest(tree, begin, estop);
                        if (end < 0) {
                            break;
                        }
                        if (cdissect(tree, begin, end)) {
                            return result(begin, end);
                        }
                        if (shorter) {
                            if (end == estop) {
                                break;
                            }
                            estart = end + 1;
                        } else {
                            if (end == begin) {
                                break;
                            }
                            estop = end - 1;
                        }
                    }
                }
                close = first + 1;
            } while (close < n);
            return null;
        }

        private int[] result(int begin, int end) {
            int[] r = new int[2 * (nsub + 1)];
            r[0] = begin;
            r[1] = end;
            for (int g = 1; g <= nsub; g++) {
                r[2 * g] = so[g];
                r[2 * g + 1] = eo[g];
            }
            return r;
        }

        void zap(Subre t) {
            for (int c : t.caps) {
                so[c] = -1;
                eo[c] = -1;
            }
        }

        /**
         * Dissects iterations {@code from..k} over their spans ({@code endpts[v-1]..endpts[v]}), as
         * citerdissect and creviterdissect both do: the first that fails, or {@code k + 1}.
         */
        int verifyIterations(Subre child, int[] endpts, int from, int k) {
            for (int v = from; v <= k; v++) {
                zap(child);
                if (!cdissect(child, endpts[v - 1], endpts[v])) {
                    return v;
                }
            }
            return k + 1;
        }

        boolean cdissect(Subre t, int begin, int end) {
            step(1);
            boolean ok = switch (t.op) {
                case '=' -> true;
                case 'b' -> cbrdissect(t, begin, end);
                case '.' -> (t.kids[0].flags & SHORTER) != 0 ? crevcondissect(t, begin, end) : ccondissect(t, begin, end);
                case '|' -> caltdissect(t, begin, end);
                case '*' -> (t.kids[0].flags & SHORTER) != 0 ? creviterdissect(t, begin, end) : citerdissect(t, begin, end);
                case '(' -> cdissect(t.kids[0], begin, end);
                default -> throw new IllegalStateException();
            };
            if (t.capno > 0 && ok) {
                so[t.capno] = begin;
                eo[t.capno] = end;
            }
            return ok;
        }

        boolean ccondissect(Subre t, int begin, int end) {
            Subre left = t.kids[0];
            Subre right = t.kids[1];
            int mid = longest(left, begin, end);
            if (mid < 0) {
                return false;
            }
            for (;;) {
                step(1);
                if (longest(right, mid, end) == end) {
                    if (cdissect(left, begin, mid)) {
                        if (cdissect(right, mid, end)) {
                            return true;
                        }
                        zap(left);
                    }
                }
                if (mid == begin) {
                    return false;
                }
                mid = longest(left, begin, mid - 1);
                if (mid < 0) {
                    return false;
                }
            }
        }

        boolean crevcondissect(Subre t, int begin, int end) {
            Subre left = t.kids[0];
            Subre right = t.kids[1];
            int mid = shortest(left, begin, begin, end);
            if (mid < 0) {
                return false;
            }
            for (;;) {
                step(1);
                if (longest(right, mid, end) == end) {
                    if (cdissect(left, begin, mid)) {
                        if (cdissect(right, mid, end)) {
                            return true;
                        }
                        zap(left);
                    }
                }
                if (mid == end) {
                    return false;
                }
                mid = shortest(left, begin, mid + 1, end);
                if (mid < 0) {
                    return false;
                }
            }
        }

        boolean cbrdissect(Subre t, int begin, int end) {
            int g = t.backno;
            if (so[g] < 0) {
                return false;
            }
            int brlen = eo[g] - so[g];
            if (brlen == 0) {
                return begin == end && t.min <= t.max;
            }
            if (begin == end) {
                return t.min == 0;
            }
            int tlen = end - begin;
            if (tlen % brlen != 0) {
                return false;
            }
            int reps = tlen / brlen;
            if (reps < t.min || (reps > t.max && t.max != INF)) {
                return false;
            }
            for (int x = begin; x < end; x += brlen) {
                step(1);
                for (int k = 0; k < brlen; k++) {
                    char a = s.charAt(so[g] + k);
                    char b = s.charAt(x + k);
                    if (a != b && !(icase && lower(a) == lower(b))) {
                        return false;
                    }
                }
            }
            return true;
        }

        private char lower(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }

        boolean caltdissect(Subre t, int begin, int end) {
            for (Subre alt : t.kids) {
                step(1);
                if (longest(alt, begin, end) == end && cdissect(alt, begin, end)) {
                    return true;
                }
            }
            return false;
        }

        boolean citerdissect(Subre t, int begin, int end) {
            Subre child = t.kids[0];
            int minMatches = Math.max(t.min, 1);
            int maxMatches = end - begin;
            if (maxMatches > t.max && t.max != INF) {
                maxMatches = t.max;
            }
            if (maxMatches < minMatches) {
                maxMatches = minMatches;
            }
            int[] endpts = new int[maxMatches + 1];
            endpts[0] = begin;
            int nverified = 0;
            int k = 1;
            int limit = end;
            while (k > 0) {
                step(1);
                boolean backtrack;
                endpts[k] = longest(child, endpts[k - 1], limit);
                if (endpts[k] < 0) {
                    k--;
                    backtrack = true;
                } else {
                    if (nverified >= k) {
                        nverified = k - 1;
                    }
                    if (endpts[k] != end) {
                        if (k >= maxMatches) {
                            k--;
                            backtrack = true;
                        } else if (endpts[k] == endpts[k - 1]
                                && (k >= minMatches || minMatches - k < end - endpts[k])) {
                            backtrack = true;
                        } else {
                            k++;
                            limit = end;
                            continue;
                        }
                    } else if (k < minMatches) {
                        backtrack = true;
                    } else {
                        int v = verifyIterations(child, endpts, nverified + 1, k);
                        nverified = v - 1;
                        if (v > k) {
                            return true;
                        }
                        k = v;
                        backtrack = true;
                    }
                }
                if (backtrack) {
                    while (k > 0) {
                        int prevEnd = endpts[k - 1];
                        if (endpts[k] > prevEnd) {
                            limit = endpts[k] - 1;
                            if (limit > prevEnd || (k < minMatches && minMatches - k >= end - prevEnd)) {
                                break;
                            }
                        }
                        k--;
                    }
                }
            }
            return t.min == 0 && begin == end;
        }

        boolean creviterdissect(Subre t, int begin, int end) {
            Subre child = t.kids[0];
            int minMatches = t.min;
            if (minMatches <= 0) {
                if (begin == end) {
                    return true;
                }
                minMatches = 1;
            }
            int maxMatches = end - begin;
            if (maxMatches > t.max && t.max != INF) {
                maxMatches = t.max;
            }
            if (maxMatches < minMatches) {
                maxMatches = minMatches;
            }
            int[] endpts = new int[maxMatches + 1];
            endpts[0] = begin;
            int nverified = 0;
            int k = 1;
            int limit = begin;
            while (k > 0) {
                step(1);
                if (limit == endpts[k - 1] && limit != end && (k >= minMatches || minMatches - k < end - limit)) {
                    limit++;
                }
                if (k >= maxMatches) {
                    limit = end;
                }
                boolean backtrack;
                endpts[k] = shortest(child, endpts[k - 1], limit, end);
                if (endpts[k] < 0) {
                    k--;
                    backtrack = true;
                } else {
                    if (nverified >= k) {
                        nverified = k - 1;
                    }
                    if (endpts[k] != end) {
                        if (k >= maxMatches) {
                            k--;
                            backtrack = true;
                        } else {
                            k++;
                            limit = endpts[k - 1];
                            continue;
                        }
                    } else if (k < minMatches) {
                        backtrack = true;
                    } else {
                        int v = verifyIterations(child, endpts, nverified + 1, k);
                        nverified = v - 1;
                        if (v > k) {
                            return true;
                        }
                        k = v;
                        backtrack = true;
                    }
                }
                if (backtrack) {
                    while (k > 0) {
                        if (endpts[k] < end) {
                            limit = endpts[k] + 1;
                            break;
                        }
                        k--;
                    }
                }
            }
            return false;
        }
    }
}
