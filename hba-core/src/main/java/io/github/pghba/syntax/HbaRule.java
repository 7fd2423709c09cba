package io.github.pghba.syntax;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.internal.HbaLineParser;
import io.github.pghba.internal.SyntaxAccess;
import io.github.pghba.internal.TokLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A pg_hba.conf record PostgreSQL accepts: it takes part in matching (unless a warning says it can
 * never match, as {@code hostssl} with ssl off).
 *
 * <p>Immutable. A rule keeps its line's tokens as offsets into the file's text: its {@link #fields()}
 * (and the {@link #databases()}, {@link #users()} and {@link #options()} taken from them), its
 * texts, its span and a numeric {@link #address()} range are made the first time they are asked
 * for (the load has checked them), so loading a large file does not build objects nobody reads. Safe to share between threads. Two rules are equal when all their
 * accessors return equal values.
 */
public final class HbaRule implements SourceLine {

    static {
        SyntaxAccess.register(HbaRule::new);
    }

    private final TokLine tok;
    private final ConnectionType connectionType;
    /** The address; for a numeric range ({@link #addressField} not -1), null until first asked. */
    private @Nullable Address address;
    /** The field of a numeric range the line parser checked, made on first use; or -1. */
    private final int addressField;
    private final AuthMethod method;
    private final int optionField;
    private final AuthSettings settings;
    private final List<Diagnostic> warnings;
    private @Nullable List<AuthOption> options;

    private HbaRule(TokLine tok, ConnectionType connectionType, @Nullable Address address, int addressField,
            AuthMethod method, int optionField, AuthSettings settings, List<Diagnostic> warnings) {
        this.tok = Objects.requireNonNull(tok, "tok");
        this.connectionType = Objects.requireNonNull(connectionType, "connectionType");
        this.address = address;
        this.addressField = addressField;
        this.method = Objects.requireNonNull(method, "method");
        this.optionField = optionField;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.warnings = List.copyOf(warnings);
    }

    /** Where it is (a continued record spans several lines). */
    @Override
    public Span span() {
        return tok.span();
    }

    /** The line number PostgreSQL gives it (its first physical line). */
    @Override
    public int lineNumber() {
        return tok.line().lineNumber();
    }

    /** Its exact text, continuation lines and line terminator included. */
    @Override
    public String rawText() {
        return tok.line().raw();
    }

    /** The record as PostgreSQL quotes it in log messages: continuations joined, the backslashes removed. */
    public String logicalText() {
        return tok.line().content();
    }

    /** All its fields, {@code @file} lists expanded. */
    @Override
    public List<Field> fields() {
        return tok.fields();
    }

    /** The first field. */
    public ConnectionType connectionType() {
        return connectionType;
    }

    /** The database field's tokens, {@code @file} lists expanded. */
    public List<AuthToken> databases() {
        return tok.fields().get(1).tokens();
    }

    /** The user field's tokens, {@code @file} lists expanded. */
    public List<AuthToken> users() {
        return tok.fields().get(2).tokens();
    }

    /** The address (empty for {@code local}). */
    public Optional<Address> address() {
        Address a = address;
        if (a == null && addressField >= 0) {
            // racing threads make equal ranges (IpMask's fields are final)
            a = HbaLineParser.numericAddress(tok, addressField);
            address = a;
        }
        return Optional.ofNullable(a);
    }

    /** The effective method ({@code peer} where {@code ident} was written on a local line). */
    public AuthMethod method() {
        return method;
    }

    /** The options as written, in order, each split at its first {@code =}. */
    public List<AuthOption> options() {
        List<AuthOption> o = options;
        if (o == null) {
            o = makeOptions();
            options = o;
        }
        return o;
    }

    /** The options after PostgreSQL applied them. */
    public AuthSettings settings() {
        return settings;
    }

    /** Warnings PostgreSQL logs for this line (it still loads). */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** The file the rule is in. */
    public String file() {
        return tok.file();
    }

    private List<AuthOption> makeOptions() {
        if (optionField < 0) {
            return List.of();
        }
        List<Field> fields = tok.fields();
        List<AuthOption> out = new ArrayList<>();
        for (int f = optionField; f < fields.size(); f++) {
            for (AuthToken t : fields.get(f).tokens()) {
                String text = t.text();
                int eq = text.indexOf('=');
                out.add(new AuthOption(text.substring(0, eq), text.substring(eq + 1), t.span()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof HbaRule r && span().equals(r.span()) && rawText().equals(r.rawText())
                && connectionType == r.connectionType && method == r.method
                && address().equals(r.address()) && settings.equals(r.settings)
                && warnings.equals(r.warnings) && logicalText().equals(r.logicalText())
                && fields().equals(r.fields());
    }

    @Override
    public int hashCode() {
        return Objects.hash(span(), rawText(), connectionType, method);
    }

    @Override
    public String toString() {
        return "HbaRule[" + span() + ": " + logicalText().strip() + "]";
    }
}
