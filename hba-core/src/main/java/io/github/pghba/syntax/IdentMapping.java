package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * A pg_ident.conf mapping: {@code MAPNAME SYSTEM-USERNAME PG-USERNAME} (further fields are ignored,
 * as PostgreSQL does).
 *
 * @param span where it is
 * @param rawText its exact text
 * @param fields all its fields
 * @param mapName the map name (compared exactly, quoting irrelevant)
 * @param systemUser the system user name; a regular expression if it starts with {@code /}
 * @param databaseUser the database user: a name, or in 16+ {@code all}, {@code +role} or a
 *     regular expression
 */
public record IdentMapping(Span span, String rawText, List<Field> fields, String mapName, AuthToken systemUser,
        AuthToken databaseUser) implements SourceLine {

    /** Copies the list. */
    public IdentMapping {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(rawText, "rawText");
        fields = List.copyOf(fields);
        Objects.requireNonNull(mapName, "mapName");
        Objects.requireNonNull(systemUser, "systemUser");
        Objects.requireNonNull(databaseUser, "databaseUser");
    }
}
