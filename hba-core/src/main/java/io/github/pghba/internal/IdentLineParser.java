package io.github.pghba.internal;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.Severity;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.IdentMapping;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import io.github.pghba.syntax.Span;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** hba.c's {@code parse_ident_line} for 13–18. */
public final class IdentLineParser {
    private final ParseEnv env;
    private final PgRegex.Encoding regexEncoding;

    /** A parser as the postmaster runs it (regexes compiled one character per byte). */
    public IdentLineParser(ParseEnv env) {
        this(env, PgRegex.Encoding.BYTES);
    }

    /** A parser whose regexes are compiled as a backend with this database encoding does. */
    public IdentLineParser(ParseEnv env, PgRegex.Encoding regexEncoding) {
        this.env = env;
        this.regexEncoding = regexEncoding;
    }

    /** Parses one tokenized line (without tokenizer error). */
    public SourceLine parse(TokLine tok) {
        List<Field> fields = tok.fields();
        int major = env.version().major();
        String missing = major >= 15 ? "missing entry at end of line"
                : "missing entry in file \"" + tok.file() + "\" at end of line " + tok.span().line();
        for (int i = 0; i < 3; i++) {
            if (i >= fields.size()) {
                return invalid(tok, "ident.missing-field", missing, major >= 15 ? missing : null, tok.span());
            }
            if (fields.get(i).tokens().size() > 1) {
                String m = "multiple values in ident field";
                return invalid(tok, "ident.multiple-values", m, major >= 15 ? m : null, fields.get(i).span());
            }
        }
        AuthToken map = fields.get(0).first();
        AuthToken sys = fields.get(1).first();
        AuthToken pg = fields.get(2).first();
        for (AuthToken t : major >= 16 ? List.of(sys, pg) : List.of(sys)) {
            if (t.isRegex()) {
                Optional<String> err = PgRegex.compileError(t.text().substring(1), regexEncoding);
                if (err.isPresent()) {
                    String m = "invalid regular expression \"" + t.text().substring(1) + "\": " + err.get();
                    return invalid(tok, "ident.invalid-regex", m, m, t.span());
                }
            }
        }
        return new IdentMapping(tok.span(), tok.line().raw(), fields, map.text(), sys, pg);
    }

    private static InvalidLine invalid(TokLine tok, String code, String message, @Nullable String viewError, Span at) {
        return new InvalidLine(tok.span(), tok.line().raw(), tok.fields(), new Diagnostic(Severity.ERROR, code,
                message, Optional.ofNullable(viewError), Optional.empty(), Optional.empty(), at));
    }
}
