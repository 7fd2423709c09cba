package io.github.pghba.internal;

import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IdentMapping;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A line as the backend that reads {@code pg_hba_file_rules} / {@code pg_ident_file_mappings}
 * parses it: the same as the postmaster, except that it compiles regular expressions in its database
 * encoding. Only lines with a regex token holding non-ASCII characters can differ; they are parsed
 * again.
 */
public final class ViewLines {
    private ViewLines() {}

    /** The pg_hba.conf line {@code line} as the view's backend parses it. */
    public static SourceLine hba(SourceLine line, LoadOptions options, PgRegex.Encoding encoding) {
        return reparse(line, options, encoding, (env, enc) -> new HbaLineParser(env, enc)::parse);
    }

    /** The pg_ident.conf line {@code line} as the view's backend parses it. */
    public static SourceLine ident(SourceLine line, LoadOptions options, PgRegex.Encoding encoding) {
        return reparse(line, options, encoding, (env, enc) -> new IdentLineParser(env, enc)::parse);
    }

    private static SourceLine reparse(SourceLine line, LoadOptions options, PgRegex.Encoding encoding,
            BiFunction<ParseEnv, PgRegex.Encoding, Function<TokLine, SourceLine>> parser) {
        List<Field> fields = parsedFields(line, encoding);
        if (fields == null) {
            return line;
        }
        TokLine tok = tokLine(line, fields);
        ParseEnv env = env(options);
        if (!sameOutcome(parser.apply(env, PgRegex.Encoding.BYTES).apply(tok), line)) {
            return line; // not the parser's outcome (a tokenizer error): the view shows it as it is
        }
        return parser.apply(env, encoding).apply(tok);
    }

    /** The fields of a line the parser produced and whose regexes could compile differently, else null. */
    private static @org.jspecify.annotations.Nullable List<Field> parsedFields(SourceLine line,
            PgRegex.Encoding encoding) {
        if (encoding == PgRegex.Encoding.BYTES) {
            return null;
        }
        List<Field> fields;
        if (line instanceof HbaRule r) {
            fields = r.fields();
        } else if (line instanceof IdentMapping m) {
            fields = m.fields();
        } else if (line instanceof InvalidLine inv) {
            fields = inv.fields();
        } else {
            return null;
        }
        for (Field f : fields) {
            for (AuthToken t : f.tokens()) {
                if (t.isRegex() && !isAscii(t.text())) {
                    return fields;
                }
            }
        }
        return null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOutcome(SourceLine again, SourceLine stored) {
        if (again instanceof InvalidLine a && stored instanceof InvalidLine b) {
            return a.error().code().equals(b.error().code()) && a.error().message().equals(b.error().message());
        }
        return again.getClass() == stored.getClass() && !(again instanceof InvalidLine);
    }

    private static TokLine tokLine(SourceLine line, List<Field> fields) {
        String raw = line.rawText();
        String content = raw.replaceAll("[\r\n]+$", "");
        int physical = line.span().endLine() - line.span().line() + 1;
        LogicalLine logical = new LogicalLine(line.span().line(), content, raw, new int[0], Math.max(physical, 1),
                null);
        return TokLine.ofFields(line.span().file(), logical, line.span(), fields);
    }

    private static ParseEnv env(LoadOptions options) {
        return new ParseEnv(options.version(), options.settings(), options.build(), options.interfaceNames(),
                options.hostResolves());
    }
}
