package io.github.pghba.internal;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.Severity;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's tokenizer for authentication files ({@code tokenize_auth_file} and friends): reads
 * a file through a {@link FileSource}, splits it into logical lines and fields ({@link WordScanner}, the
 * fast path of the ANTLR grammar),
 * expands {@code @file} references and, in 16+, include directives, producing the flat list of
 * tokenized lines PostgreSQL then parses, plus every file's lines for the syntax tree.
 */
public final class AuthFileReader {

    /** PostgreSQL 16+'s {@code CONF_FILE_MAX_DEPTH}. */
    static final int MAX_DEPTH = 10;
    /** pghba's own guard for 13–15, where the server has no limit and crashes instead. */
    static final int LEGACY_GUARD_DEPTH = 64;

    private final PgVersion version;
    private final FileSource source;
    /** Every file read, in load order, with its logical lines and per-line kind slots. */
    private final List<FileRecord> files = new ArrayList<>();
    /**
     * The C errno as PostgreSQL's last failed file operation left it. The nesting-depth check fails
     * without setting errno, and include_if_exists then skips silently if errno still says ENOENT.
     */
    private FileSourceException.@Nullable Errno errno;
    /** Messages PostgreSQL only logs (they change nothing): skipped missing files, directories read as files. */
    private final List<Diagnostic> notices = new ArrayList<>();

    /** A file read, with what the tree needs to know about each of its lines. */
    public static final class FileRecord {
        final String path;
        final ConfFile.Role role;
        final List<LogicalLine> lines;
        /** Per logical line: the tokenized line, or null for a line without fields and error. */
        final @Nullable TokLine[] toks;
        /** Per logical line: include directive info, or null. */
        final @Nullable Directive[] directives;

        FileRecord(String path, ConfFile.Role role, List<LogicalLine> lines) {
            this.path = path;
            this.role = role;
            this.lines = lines;
            this.toks = new TokLine[lines.size()];
            this.directives = new Directive[lines.size()];
        }

        /** The file's path. */
        public String path() {
            return path;
        }

        /** How it was reached. */
        public ConfFile.Role role() {
            return role;
        }

        /** Its logical lines. */
        public List<LogicalLine> lines() {
            return lines;
        }

        /** Line {@code i} tokenized, or null if it has no fields (blank or comment). */
        public @Nullable TokLine tokens(int i) {
            return toks[i];
        }

        /** Fields of line {@code i}. */
        public List<Field> fields(int i) {
            TokLine t = toks[i];
            return t == null ? List.of() : t.fields();
        }

        /** Directive on line {@code i}, or null. */
        public @Nullable Directive directive(int i) {
            return directives[i];
        }
    }

    /**
     * A successful include directive (failed ones become error lines).
     *
     * @param keyword the directive word
     * @param target the target as written
     * @param included the resolved files included
     */
    public record Directive(String keyword, String target, List<String> included) {}

    public AuthFileReader(PgVersion version, FileSource source) {
        this.version = version;
        this.source = source;
    }

    /** What PostgreSQL would log without consequence while reading, in order. */
    public List<Diagnostic> notices() {
        return notices;
    }

    /** The files read so far, in load order. */
    public List<FileRecord> files() {
        return files;
    }

    /**
     * Tokenizes the main file.
     *
     * @throws FileSourceException if the main file cannot be read (PostgreSQL raises an ERROR)
     */
    public List<TokLine> readMain(String path) throws FileSourceException {
        byte[] data = source.read(path);
        List<TokLine> out = new ArrayList<>(data.length / 40 + 8);
        tokenize(path, data, ConfFile.Role.MAIN, out, 0);
        return out;
    }

    /** Tokenizes in-memory text as the main file {@code path}. */
    public List<TokLine> readMain(String path, byte[] data) {
        List<TokLine> out = new ArrayList<>(data.length / 40 + 8);
        tokenize(path, data, ConfFile.Role.MAIN, out, 0);
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private void tokenize(String path, byte[] data, ConfFile.Role role, List<TokLine> out, int depth) {
        List<LogicalLine> lines = LineReader.read(data, version);
        FileRecord rec = new FileRecord(path, role, lines);
        int fileIndex = files.size();
        files.add(rec);
        WordScanner scanner = new WordScanner();
        int bufferBytes = version.tokenBufferBytes();
        // the longest word (in chars) that cannot reach 13-15's token buffer: at most 3 bytes per char
        int safeChars = bufferBytes == Integer.MAX_VALUE ? Integer.MAX_VALUE : (bufferBytes - 2) / 3;
        LineBuilder b = builder;
        if (b == null || b.busy) {
            b = new LineBuilder();
            if (builder == null) {
                builder = b;
            }
        }
        b.busy = true;
        try {
            for (int i = 0; i < lines.size(); i++) {
                tokenizeLine(path, data, rec, i, fileIndex, lines.get(i), scanner, b, bufferBytes, safeChars, out,
                        depth);
            }
        } finally {
            b.busy = false;
        }
    }

    /** Reused by every line of a load (a nested {@code @file} or include read gets its own). */
    private @Nullable LineBuilder builder;

    /** Scratch space for one line's tokens. */
    private static final class LineBuilder {
        boolean busy;
        int[] toks = new int[3 * 16];
        int tokens;
        int[] fields = new int[3 * 8];
        int fieldCount;
        // made on the first decoded or @file token (most files have few or none)
        @Nullable String[] texts = NO_TEXTS;
        boolean anyText;
        @Nullable AuthToken[] given = NO_GIVEN;
        boolean anyGiven;
        boolean positions;
        /** Some token's text may start with '/' (see TokLine.SLASH). */
        boolean slash;

        void clear() {
            if (anyText) {
                java.util.Arrays.fill(texts, null);
                anyText = false;
            }
            if (anyGiven) {
                java.util.Arrays.fill(given, null);
                anyGiven = false;
            }
            tokens = 0;
            fieldCount = 0;
            positions = false;
            slash = false;
        }

        int add(int start, int end, int flags) {
            int k = tokens;
            if (3 * k + 3 > toks.length) {
                toks = java.util.Arrays.copyOf(toks, toks.length * 2);
            }
            toks[3 * k] = start;
            toks[3 * k + 1] = end;
            toks[3 * k + 2] = flags;
            tokens = k + 1;
            return k;
        }

        /** Token {@code k} gets the decoded text {@code text}. */
        void text(int k, String text) {
            if (k >= texts.length) {
                texts = java.util.Arrays.copyOf(texts, Math.max(16, 2 * k + 2));
            }
            texts[k] = text;
            anyText = true;
        }

        /** Token {@code k} is the {@code @file} token {@code t}. */
        void given(int k, AuthToken t) {
            if (k >= given.length) {
                given = java.util.Arrays.copyOf(given, Math.max(16, 2 * k + 2));
            }
            given[k] = t;
            anyGiven = true;
        }

        void addField(int firstToken, int start, int end) {
            int f = fieldCount;
            if (3 * f + 3 > fields.length) {
                fields = java.util.Arrays.copyOf(fields, fields.length * 2);
            }
            fields[3 * f] = firstToken;
            fields[3 * f + 1] = start;
            fields[3 * f + 2] = end;
            fieldCount = f + 1;
        }

        TokLine build(String path, LogicalLine line, @Nullable String err, @Nullable String errCode, int slot,
                int fileIndex) {
            int n = tokens;
            int nf = fieldCount;
            int[] data = new int[2 + 3 * n + (positions ? 3 * nf : nf)];
            data[0] = n;
            data[1] = (positions ? nf | TokLine.FIELD_POSITIONS : nf) | (slash ? TokLine.SLASH : 0);
            System.arraycopy(toks, 0, data, 2, 3 * n);
            for (int f = 0; f < nf; f++) {
                data[2 + 3 * n + f] = fields[3 * f];
            }
            if (positions) {
                for (int f = 0; f < nf; f++) {
                    data[2 + 3 * n + nf + 2 * f] = fields[3 * f + 1];
                    data[2 + 3 * n + nf + 2 * f + 1] = fields[3 * f + 2];
                }
            }
            return new TokLine(path, line, data, anyText ? java.util.Arrays.copyOf(texts, n) : null,
                    anyGiven ? java.util.Arrays.copyOf(given, n) : null, err, errCode, slot, fileIndex);
        }

        // shared while empty: text() and given() grow them before writing
        private static final String[] NO_TEXTS = new String[0];
        private static final AuthToken[] NO_GIVEN = new AuthToken[0];
    }

    private void tokenizeLine(String path, byte[] data, FileRecord rec, int i, int fileIndex, LogicalLine line,
            WordScanner scanner, LineBuilder b, int bufferBytes, int safeChars, List<TokLine> out, int depth) {
        String err = line.error();
        String errCode = err == null ? null : "hba.line-too-long";
        b.clear();
        String text = line.text();
        if (err == null) {
            scanner.reset(text, line.isFileText() ? data : WordScanner.classes(text), line.start(), line.end());
            Expansion exp = null;
            int type = scanner.nextWord();
            // one field per iteration: words until one not terminated by a comma
            while (type != WordScanner.EOF) {
                int fieldFirst = b.tokens;
                int fieldStart = scanner.start();
                int fieldEnd;
                while (true) {
                    boolean comma = type == WordScanner.CONT_WORD;
                    int start = scanner.start();
                    int end = scanner.wordEnd();
                    fieldEnd = end;
                    String decoded = null;
                    boolean quoted = false;
                    int plainFlags = 0;
                    boolean at;
                    if (!scanner.hasQuote() && end - start <= safeChars) {
                        at = end - start > 1 && text.charAt(start) == '@';
                    } else if (end - start <= safeChars && end - start >= 2 && text.charAt(start) == '"'
                            && quoteIn(text, start + 1, end) == end - 1) {
                        // "word": one pair of quotes around the whole word, the text between them
                        // (what TokenDecoder gives)
                        plainFlags = TokLine.STRIPPED | TokLine.QUOTED;
                        at = false;
                    } else if (end - start <= safeChars && !hasQuotePair(text, start, end)) {
                        // no "" in the word: TokenDecoder would drop every quote, and the word is
                        // quoted (initial_quote) exactly when it starts with one
                        decoded = withoutQuotes(text, start, end);
                        quoted = text.charAt(start) == '"';
                        at = !quoted && decoded.length() > 1 && decoded.charAt(0) == '@';
                    } else {
                        TokenDecoder.Decoded d = TokenDecoder.decode(text.substring(start, end), comma, bufferBytes);
                        if (d.tooLong()) {
                            exp = new Expansion();
                            exp.error = "authentication file token too long";
                            exp.code = "hba.token-too-long";
                            break;
                        }
                        decoded = d.text();
                        quoted = d.initialQuote();
                        at = !quoted && decoded.length() > 1 && decoded.charAt(0) == '@';
                    }
                    if (at) {
                        if (exp == null) {
                            exp = new Expansion();
                        }
                        String name = decoded != null ? decoded.substring(1) : text.substring(start + 1, end);
                        List<AuthToken> expanded = new ArrayList<>();
                        expandFile(path, name, TokLine.span(path, line, start, end), expanded, depth, exp);
                        for (AuthToken t : expanded) {
                            int k = b.add(start, end, TokLine.GIVEN | (t.quoted() ? TokLine.QUOTED : 0));
                            b.given(k, t);
                            b.slash |= t.text().startsWith("/");
                        }
                    } else if (decoded != null) {
                        int k = b.add(start, end, TokLine.DECODED | (quoted ? TokLine.QUOTED : 0));
                        b.text(k, decoded);
                        b.slash |= decoded.startsWith("/");
                    } else {
                        b.add(start, end, plainFlags);
                        // a plain word's text starts at start; a "word"'s one after its quote
                        b.slash |= text.charAt(plainFlags == 0 ? start : start + 1) == '/';
                    }
                    if (!comma || exp != null && exp.error != null) {
                        break;
                    }
                    // the next word of the list (the grammar's field: CONT_WORD* WORD)
                    type = scanner.nextWord();
                    if (type == WordScanner.EOF) {
                        break;
                    }
                }
                if (b.tokens > fieldFirst) {
                    b.addField(fieldFirst, fieldStart, fieldEnd);
                }
                if (exp != null) {
                    b.positions = true; // @file or an error: the field's words may not all be tokens
                }
                if (exp != null && exp.error != null) {
                    break;
                }
                type = type == WordScanner.EOF ? type : scanner.nextWord();
            }
            if (exp != null) {
                err = exp.error;
                errCode = exp.code;
            }
        }
        if (b.fieldCount == 0 && err == null) {
            return;
        }
        TokLine tok = b.build(path, line, err, errCode, i, fileIndex);
        rec.toks[i] = tok;
        if (err == null && b.fieldCount == 2 && version.atLeast(16)) {
            String first = tok.text(tok.first(0));
            if (first.equals("include") || first.equals("include_if_exists") || first.equals("include_dir")) {
                String second = tok.text(tok.first(1));
                DirectiveResult r = include(path, first, second, out, depth, tok.span());
                rec.directives[i] = new Directive(first, second, r.included);
                if (r.error == null) {
                    return;
                }
                tok = tok.withError(r.error, "hba.include-failed");
                rec.toks[i] = tok;
            }
        }
        out.add(tok);
    }

    /** The first double quote in {@code text[from, end)}, or -1 (the search stops at {@code end}). */
    private static int quoteIn(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code text[start, end)} holds two adjacent double quotes. */
    private static boolean hasQuotePair(String text, int start, int end) {
        for (int q = quoteIn(text, start, end); q >= 0 && q + 1 < end; q = quoteIn(text, q + 1, end)) {
            if (text.charAt(q + 1) == '"') {
                return true;
            }
        }
        return false;
    }

    /** {@code text[start, end)} without its double quotes. */
    private static String withoutQuotes(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        int from = start;
        for (int q = quoteIn(text, start, end); q >= 0; q = quoteIn(text, q + 1, end)) {
            sb.append(text, from, q);
            from = q + 1;
        }
        return sb.append(text, from, end).toString();
    }

    private static final class Expansion {
        @Nullable String error;
        @Nullable String code;
    }

    private record DirectiveResult(@Nullable String error, List<String> included) {}

    private DirectiveResult include(String path, String keyword, String target, List<TokLine> out, int depth,
            Span at) {
        List<String> included = new ArrayList<>();
        if (keyword.equals("include_dir")) {
            if (isAllBlank(target)) {
                return new DirectiveResult("empty configuration directory name", included);
            }
            String dir = PgPaths.resolve(target, path);
            List<String> names;
            try {
                FileSource.Kind kind = source.kind(dir);
                if (kind != FileSource.Kind.DIRECTORY) {
                    throw new FileSourceException(dir, kind == FileSource.Kind.MISSING ? FileSourceException.Errno.ENOENT
                            : FileSourceException.Errno.ENOTDIR);
                }
                names = source.list(dir);
            } catch (FileSourceException e) {
                errno = e.errno();
                return new DirectiveResult("could not open directory \"" + dir + "\"", included);
            }
            List<String> selected = new ArrayList<>();
            for (String name : names) {
                if (Utf8.byteLength(name) < 6 || name.startsWith(".") || !name.endsWith(".conf")) {
                    continue;
                }
                String full = PgPaths.canonicalize(dir + "/" + name);
                if (source.kind(full) == FileSource.Kind.DIRECTORY) {
                    continue;
                }
                selected.add(full);
            }
            selected.sort(AuthFileReader::strcmp);
            // ReadDir() sets errno to 0 before each readdir(), and the last one (end of directory)
            // leaves it there: a stale ENOENT from an earlier failure is gone after a listing
            errno = null;
            StringBuilder errors = new StringBuilder();
            for (String file : selected) {
                String e = includeFile(file, false, out, depth + 1, included, at);
                if (e != null) {
                    if (errors.length() > 0) {
                        errors.append('\n');
                    }
                    errors.append(e);
                }
            }
            return new DirectiveResult(errors.length() == 0 ? null : errors.toString(), included);
        }
        String full = PgPaths.resolve(target, path);
        String e = includeFile(full, keyword.equals("include_if_exists"), out, depth + 1, included, at);
        return new DirectiveResult(e, included);
    }

    /** {@code tokenize_include_file}: returns the error, or null. */
    private @Nullable String includeFile(String full, boolean missingOk, List<TokLine> out, int depth,
            List<String> included, Span at) {
        if (depth > MAX_DEPTH) {
            if (missingOk && errno == FileSourceException.Errno.ENOENT) {
                // errno is stale from an earlier failure, and says ENOENT: PostgreSQL skips the file
                notices.add(notice("hba.include-skipped", "skipping missing authentication file \"" + full + "\"",
                        "at the nesting limit; PostgreSQL takes a stale ENOENT for a missing file", at));
                return null;
            }
            return "could not open file \"" + full + "\": maximum nesting depth exceeded";
        }
        byte[] data;
        try {
            data = source.read(full);
        } catch (FileSourceException e) {
            errno = e.errno();
            if (e.errno() == FileSourceException.Errno.EISDIR) {
                // fopen() of a directory succeeds; the read then fails and tokenize_auth_file stops
                // without reporting it: nothing is included, and no error
                notices.add(notice("hba.include-directory", "could not read file \"" + full + "\": Is a directory",
                        "a directory was named where a file was expected: nothing was included (use include_dir)", at));
                return null;
            }
            if (e.errno() == FileSourceException.Errno.ENOENT && missingOk) {
                notices.add(notice("hba.include-skipped", "skipping missing authentication file \"" + full + "\"",
                        null, at));
                return null;
            }
            return "could not open file \"" + full + "\": " + e.errno().strerror();
        }
        included.add(full);
        tokenize(full, data, ConfFile.Role.INCLUDED, out, depth);
        return null;
    }

    /** {@code tokenize_expand_file} (16+) / {@code tokenize_inc_file} (13–15). */
    private void expandFile(String outer, String name, Span ref, List<AuthToken> tokens, int depth, Expansion exp) {
        String full = PgPaths.resolve(name, outer, !version.atLeast(15));
        int childDepth = depth + 1;
        if (version.atLeast(16) && childDepth > MAX_DEPTH) {
            exp.error = "could not open file \"" + full + "\": maximum nesting depth exceeded";
            exp.code = "hba.nesting-too-deep";
            return;
        }
        if (!version.atLeast(16) && childDepth > LEGACY_GUARD_DEPTH) {
            exp.error = "could not open secondary authentication file \"@" + name + "\" as \"" + full
                    + "\": nesting deeper than " + LEGACY_GUARD_DEPTH + " levels (PostgreSQL " + version.major()
                    + " has no limit and crashes on such a loop)";
            exp.code = "hba.nesting-too-deep";
            return;
        }
        byte[] data;
        try {
            data = source.read(full);
        } catch (FileSourceException e) {
            errno = e.errno();
            if (e.errno() == FileSourceException.Errno.EISDIR) {
                if (version.atLeast(14)) {
                    notices.add(notice("hba.atfile-directory", "could not read file \"" + full + "\": Is a directory",
                            "the @file names a directory: it expands to no names at all", ref));
                    return;
                }
                exp.error = "could not read file \"" + full + "\": " + e.errno().strerror();
                exp.code = "hba.file-unreadable";
                return;
            }
            if (version.atLeast(16)) {
                exp.error = "could not open file \"" + full + "\": " + e.errno().strerror();
            } else {
                exp.error = "could not open secondary authentication file \"@" + name + "\" as \"" + full + "\": "
                        + e.errno().strerror();
            }
            exp.code = "hba.file-missing";
            return;
        }
        List<TokLine> inner = new ArrayList<>();
        tokenize(full, data, ConfFile.Role.NAME_LIST, inner, childDepth);
        for (TokLine l : inner) {
            if (l.error() != null) {
                exp.error = l.error();
                exp.code = l.errorCode();
                break;
            }
            for (Field f : l.fields()) {
                for (AuthToken t : f.tokens()) {
                    List<Span> via = new ArrayList<>();
                    via.add(ref);
                    via.addAll(t.includedVia());
                    tokens.add(new AuthToken(t.text(), t.quoted(), t.span(), via));
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Diagnostic notice(String code, String message, @Nullable String note, Span at) {
        Diagnostic d = new Diagnostic(Severity.INFO, code, message, Optional.empty(), Optional.empty(),
                Optional.empty(), at);
        return note == null ? d : d.withNote(note);
    }

    private static boolean isAllBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /** C {@code strcmp} order: by bytes, unsigned. */
    static int strcmp(String a, String b) {
        byte[] x = Utf8.encode(a);
        byte[] y = Utf8.encode(b);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
