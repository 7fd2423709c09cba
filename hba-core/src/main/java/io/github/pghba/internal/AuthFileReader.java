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
    /** The load's word strings, one instance per distinct text. */
    private @Nullable Interner interner;

    /** A file read, with what the tree needs to know about each of its lines. */
    public static final class FileRecord {
        final String path;
        final ConfFile.Role role;
        final List<LogicalLine> lines;
        /** Per logical line: the fields read (directly written tokens, @file expanded). */
        final List<List<Field>> fields;
        /** Per logical line: include directive info, or null. */
        final List<@Nullable Directive> directives;

        FileRecord(String path, ConfFile.Role role, List<LogicalLine> lines) {
            this.path = path;
            this.role = role;
            this.lines = lines;
            this.fields = new ArrayList<>(lines.size());
            this.directives = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                fields.add(List.of());
                directives.add(null);
            }
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

        /** Fields of line {@code i}. */
        public List<Field> fields(int i) {
            return fields.get(i);
        }

        /** Directive on line {@code i}, or null. */
        public @Nullable Directive directive(int i) {
            return directives.get(i);
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

    /** The strings of this load's words (the line parser shares it for option names and values). */
    public Interner interner() {
        Interner i = interner;
        if (i == null) {
            i = new Interner();
            interner = i;
        }
        return i;
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
        List<TokLine> out = new ArrayList<>();
        tokenize(path, data, ConfFile.Role.MAIN, out, 0);
        return out;
    }

    /** Tokenizes in-memory text as the main file {@code path}. */
    public List<TokLine> readMain(String path, byte[] data) {
        List<TokLine> out = new ArrayList<>();
        tokenize(path, data, ConfFile.Role.MAIN, out, 0);
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private void tokenize(String path, byte[] data, ConfFile.Role role, List<TokLine> out, int depth) {
        List<LogicalLine> lines = LineReader.read(data, version);
        FileRecord rec = new FileRecord(path, role, lines);
        int fileIndex = files.size();
        files.add(rec);
        if (interner == null) {
            // about one distinct word per 40 bytes in generated and real files
            interner = new Interner(data.length / 40);
        }
        Interner interner = interner();
        WordScanner scanner = new WordScanner();
        int bufferBytes = version.tokenBufferBytes();
        // the longest word (in chars) that cannot reach 13-15's token buffer: at most 3 bytes per char
        int safeChars = bufferBytes == Integer.MAX_VALUE ? Integer.MAX_VALUE : (bufferBytes - 2) / 3;
        List<Field> fields = new ArrayList<>();
        List<AuthToken> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            LogicalLine line = lines.get(i);
            String err = line.error();
            String errCode = err == null ? null : "hba.line-too-long";
            fields.clear();
            if (err == null) {
                String content = line.content();
                scanner.reset(content, 0, content.length());
                Expansion exp = null;
                int type = scanner.next();
                // one field per iteration: words until one not terminated by a comma
                while (type != WordScanner.EOF) {
                    if (type != WordScanner.WORD && type != WordScanner.CONT_WORD) {
                        type = scanner.next();
                        continue;
                    }
                    tokens.clear();
                    int fieldStart = scanner.start();
                    int fieldEnd;
                    Span first = null;
                    int words = 0;
                    while (true) {
                        words++;
                        boolean comma = type == WordScanner.CONT_WORD;
                        int start = scanner.start();
                        int end = scanner.wordEnd();
                        fieldEnd = end;
                        String text;
                        boolean quoted;
                        if (!scanner.hasQuote() && end - start <= safeChars) {
                            text = interner.intern(content, start, end, scanner.wordHash());
                            quoted = false;
                        } else {
                            TokenDecoder.Decoded d = TokenDecoder.decode(content.substring(start, end), comma,
                                    bufferBytes);
                            if (d.tooLong()) {
                                exp = new Expansion();
                                exp.error = "authentication file token too long";
                                exp.code = "hba.token-too-long";
                                break;
                            }
                            text = interner.intern(d.text());
                            quoted = d.initialQuote();
                        }
                        Span span = span(path, line, start, end);
                        if (first == null) {
                            first = span;
                        }
                        if (!quoted && text.length() > 1 && text.charAt(0) == '@') {
                            if (exp == null) {
                                exp = new Expansion();
                            }
                            expandFile(path, text.substring(1), span, tokens, depth, exp);
                        } else {
                            tokens.add(new AuthToken(text, quoted, span, List.of()));
                        }
                        if (!comma || exp != null && exp.error != null) {
                            break;
                        }
                        // the next word of the list (the grammar's field: CONT_WORD* WORD)
                        type = scanner.next();
                        while (type != WordScanner.EOF && type != WordScanner.WORD
                                && type != WordScanner.CONT_WORD) {
                            type = scanner.next();
                        }
                        if (type == WordScanner.EOF) {
                            break;
                        }
                    }
                    if (!tokens.isEmpty()) {
                        // one word: the field's span is the word's
                        Span fieldSpan = words == 1 && first != null ? first : span(path, line, fieldStart, fieldEnd);
                        fields.add(new Field(tokens.size() == 1 ? List.of(tokens.get(0)) : tokens, fieldSpan));
                    }
                    if (exp != null && exp.error != null) {
                        break;
                    }
                    type = type == WordScanner.EOF ? type : scanner.next();
                }
                if (exp != null) {
                    err = exp.error;
                    errCode = exp.code;
                }
            }
            rec.fields.set(i, List.copyOf(fields));
            if (fields.isEmpty() && err == null) {
                continue;
            }
            Span lineSpan = lineSpan(path, line);
            if (err == null && fields.size() == 2 && version.atLeast(16)) {
                String first = fields.get(0).first().text();
                String second = fields.get(1).first().text();
                if (first.equals("include") || first.equals("include_if_exists") || first.equals("include_dir")) {
                    DirectiveResult r = include(path, first, second, out, depth, lineSpan);
                    if (r.error == null) {
                        rec.directives.set(i, new Directive(first, second, r.included));
                        continue;
                    }
                    err = r.error;
                    errCode = "hba.include-failed";
                    rec.directives.set(i, new Directive(first, second, r.included));
                }
            }
            out.add(new TokLine(path, line, lineSpan, List.copyOf(fields), err, errCode, i, fileIndex));
        }
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

    static Span lineSpan(String path, LogicalLine line) {
        int endLine = line.lineNumber() + line.physicalLines() - 1;
        return new Span(path, line.lineNumber(), 1, endLine, endLine == line.lineNumber()
                ? line.content().length() + 1 : 1);
    }

    static Span span(String path, LogicalLine line, int start, int end) {
        int l1 = line.lineOf(start);
        int c1 = line.columnOf(start);
        int last = Math.max(start, end - 1);
        int l2 = line.lineOf(last);
        int c2 = line.columnOf(last) + (end > start ? 1 : 0);
        if (l2 == l1 && c2 < c1) {
            c2 = c1;
        }
        return new Span(path, l1, c1, l2, c2);
    }

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
