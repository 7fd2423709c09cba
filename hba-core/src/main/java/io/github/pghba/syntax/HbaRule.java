package io.github.pghba.syntax;

import io.github.pghba.check.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pg_hba.conf record PostgreSQL accepts: it takes part in matching (unless a warning says it can
 * never match, as {@code hostssl} with ssl off).
 *
 * @param span where it is (a continued record spans several lines)
 * @param rawText its exact text
 * @param logicalText the record as PostgreSQL quotes it in log messages: continuations joined, the
 *     backslashes removed
 * @param fields all its fields
 * @param connectionType the first field
 * @param databases the database field's tokens, {@code @file} lists expanded
 * @param users the user field's tokens, {@code @file} lists expanded
 * @param address the address (empty for {@code local})
 * @param method the effective method ({@code peer} where {@code ident} was written on a local line)
 * @param options the options as written, in order
 * @param settings the options after PostgreSQL applied them
 * @param warnings warnings PostgreSQL logs for this line (it still loads)
 */
public record HbaRule(Span span, String rawText, String logicalText, List<Field> fields, ConnectionType connectionType,
        List<AuthToken> databases, List<AuthToken> users, Optional<Address> address, AuthMethod method,
        List<AuthOption> options, AuthSettings settings, List<Diagnostic> warnings) implements SourceLine {

    /** Copies the lists. */
    public HbaRule {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
        Objects.requireNonNull(logicalText, "logicalText");
        fields = List.copyOf(fields);
        Objects.requireNonNull(connectionType, "connectionType");
        databases = List.copyOf(databases);
        users = List.copyOf(users);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(method, "method");
        options = List.copyOf(options);
        Objects.requireNonNull(settings, "settings");
        warnings = List.copyOf(warnings);
    }

    /** The file the rule is in. */
    public String file() {
        return span.file();
    }
}
