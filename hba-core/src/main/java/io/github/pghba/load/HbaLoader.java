package io.github.pghba.load;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.Severity;
import io.github.pghba.internal.AuthFileReader;
import io.github.pghba.internal.HbaLineParser;
import io.github.pghba.internal.IdentLineParser;
import io.github.pghba.internal.ParseEnv;
import io.github.pghba.internal.SyntaxAccess;
import io.github.pghba.internal.TokLine;
import io.github.pghba.internal.Utf8;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IncludeLine;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.NameListLine;
import io.github.pghba.syntax.SourceLine;
import io.github.pghba.syntax.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads pg_hba.conf and pg_ident.conf files as a given PostgreSQL release would: all lines read,
 * include directives and {@code @file} lists followed through the {@link FileSource}, every line
 * checked with PostgreSQL's rules and messages. Loading never throws for bad content: problems are
 * {@link Diagnostic}s. Only an unreadable main file throws, as PostgreSQL raises an error for it.
 */
public final class HbaLoader {
    private final LoadOptions options;

    private HbaLoader(LoadOptions options) {
        this.options = options;
    }

    /** A loader with the given options. */
    public static HbaLoader with(LoadOptions options) {
        return new HbaLoader(options);
    }

    /** A loader with {@link LoadOptions#defaults()}. */
    public static HbaLoader withDefaults() {
        return new HbaLoader(LoadOptions.defaults());
    }

    /**
     * Loads the pg_hba.conf at {@code path} (read through the options' file source).
     *
     * @throws FileSourceException if the main file cannot be read
     */
    public HbaConfig loadHba(String path) throws FileSourceException {
        AuthFileReader reader = new AuthFileReader(options.version(), options.files());
        List<TokLine> lines = reader.readMain(path);
        return assembleHba(path, reader, lines);
    }

    /** Loads pg_hba.conf text given in memory as the main file {@code path} (includes still go to the source). */
    public HbaConfig parseHba(String path, String text) {
        return parseHba(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Loads pg_hba.conf bytes given in memory as the main file {@code path}. */
    public HbaConfig parseHba(String path, byte[] bytes) {
        AuthFileReader reader = new AuthFileReader(options.version(), options.files());
        List<TokLine> lines = reader.readMain(path, bytes);
        return assembleHba(path, reader, lines);
    }

    /**
     * Loads the pg_ident.conf at {@code path}.
     *
     * @throws FileSourceException if the main file cannot be read
     */
    public IdentConfig loadIdent(String path) throws FileSourceException {
        AuthFileReader reader = new AuthFileReader(options.version(), options.files());
        List<TokLine> lines = reader.readMain(path);
        return assembleIdent(path, reader, lines);
    }

    /** Loads pg_ident.conf text given in memory as the main file {@code path}. */
    public IdentConfig parseIdent(String path, String text) {
        AuthFileReader reader = new AuthFileReader(options.version(), options.files());
        List<TokLine> lines = reader.readMain(path, text.getBytes(StandardCharsets.UTF_8));
        return assembleIdent(path, reader, lines);
    }

    private ParseEnv env() {
        return new ParseEnv(options.version(), options.settings(), options.build(), options.interfaceNames(),
                options.hostResolves());
    }

    private HbaConfig assembleHba(String path, AuthFileReader reader, List<TokLine> lines) {
        HbaLineParser parser = new HbaLineParser(env());
        List<SourceLine> entries = new ArrayList<>(lines.size());
        List<Diagnostic> diagnostics = new ArrayList<>();
        @Nullable SourceLine[][] bySlot = slots(reader);
        for (TokLine tok : lines) {
            SourceLine entry = tok.error() != null ? tokenizerError(reader, tok) : parser.parse(tok);
            entries.add(entry);
            bySlot[tok.fileIndex()][tok.slot()] = entry;
            collect(entry, diagnostics);
        }
        diagnostics.addAll(reader.notices());
        if (!anyRule(entries) && !anyError(diagnostics)) {
            diagnostics.add(new Diagnostic(Severity.ERROR, "hba.no-entries",
                    "configuration file \"" + path + "\" contains no entries", Optional.empty(), Optional.empty(),
                    Optional.of("PostgreSQL needs at least one rule, else nobody could ever connect"),
                    Span.ofLine(path, 1)));
        }
        return new HbaConfig(path, options, files(reader, bySlot), entries, diagnostics);
    }

    private IdentConfig assembleIdent(String path, AuthFileReader reader, List<TokLine> lines) {
        IdentLineParser parser = new IdentLineParser(env());
        List<SourceLine> entries = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        @Nullable SourceLine[][] bySlot = slots(reader);
        for (TokLine tok : lines) {
            SourceLine entry = tok.error() != null ? tokenizerError(reader, tok) : parser.parse(tok);
            entries.add(entry);
            bySlot[tok.fileIndex()][tok.slot()] = entry;
            collect(entry, diagnostics);
        }
        diagnostics.addAll(reader.notices());
        return new IdentConfig(path, options, files(reader, bySlot), entries, diagnostics);
    }

    private static boolean anyRule(List<SourceLine> entries) {
        for (SourceLine e : entries) {
            if (e instanceof HbaRule) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyError(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.severity() == Severity.ERROR) {
                return true;
            }
        }
        return false;
    }

    private static void collect(SourceLine entry, List<Diagnostic> diagnostics) {
        if (entry instanceof InvalidLine inv) {
            diagnostics.add(inv.error());
        } else if (entry instanceof HbaRule r) {
            if (!r.warnings().isEmpty()) {
                diagnostics.addAll(r.warnings());
            }
        } else if (entry instanceof IncludeLine inc) {
            inc.error().ifPresent(diagnostics::add);
        }
    }

    /** Per file read, per logical line: the entry made from it, if any. */
    private static @Nullable SourceLine[][] slots(AuthFileReader reader) {
        List<AuthFileReader.FileRecord> records = reader.files();
        @Nullable SourceLine[][] out = new SourceLine[records.size()][];
        for (int f = 0; f < out.length; f++) {
            out[f] = new SourceLine[records.get(f).lines().size()];
        }
        return out;
    }

    private static SourceLine tokenizerError(AuthFileReader reader, TokLine tok) {
        String error = tok.error();
        String code = tok.errorCode() == null ? "hba.tokenizer" : tok.errorCode();
        Diagnostic d = Diagnostic.of(Severity.ERROR, code, error == null ? "" : error, null, tok.span());
        AuthFileReader.Directive dir = reader.files().get(tok.fileIndex()).directive(tok.slot());
        if (dir != null) {
            return new IncludeLine(tok.span(), tok.line().raw(), tok.fields(), kindOf(dir.keyword()), dir.target(),
                    dir.included(), Optional.of(d));
        }
        return new InvalidLine(tok.span(), tok.line().raw(), tok.fields(), d);
    }

    private static IncludeLine.Kind kindOf(String keyword) {
        return switch (keyword) {
            case "include" -> IncludeLine.Kind.INCLUDE;
            case "include_if_exists" -> IncludeLine.Kind.INCLUDE_IF_EXISTS;
            default -> IncludeLine.Kind.INCLUDE_DIR;
        };
    }

    private static List<ConfFile> files(AuthFileReader reader, @Nullable SourceLine[][] bySlot) {
        List<ConfFile> out = new ArrayList<>();
        List<AuthFileReader.FileRecord> records = reader.files();
        for (int f = 0; f < records.size(); f++) {
            AuthFileReader.FileRecord rec = records.get(f);
            List<SourceLine> lines = new ArrayList<>(rec.lines().size());
            for (int i = 0; i < rec.lines().size(); i++) {
                var line = rec.lines().get(i);
                SourceLine entry = bySlot[f][i];
                if (entry != null) {
                    lines.add(entry);
                    continue;
                }
                TokLine tokens = rec.tokens(i);
                if (tokens == null || tokens.fieldCount() == 0) {
                    lines.add(SyntaxAccess.blank(rec.path(), line));
                    continue;
                }
                int endLine = line.lineNumber() + line.physicalLines() - 1;
                Span span = new Span(rec.path(), line.lineNumber(), 1, endLine, 1);
                AuthFileReader.Directive dir = rec.directive(i);
                if (dir != null) {
                    lines.add(new IncludeLine(span, line.raw(), rec.fields(i), kindOf(dir.keyword()), dir.target(),
                            dir.included(), Optional.empty()));
                } else {
                    lines.add(new NameListLine(span, line.raw(), rec.fields(i)));
                }
            }
            out.add(new ConfFile(rec.path(), rec.role(), lines));
        }
        return out;
    }

    /** The exact bytes of a file's text as reproduced from its lines. */
    public static byte[] bytesOf(ConfFile file) {
        return Utf8.encode(file.text());
    }
}
