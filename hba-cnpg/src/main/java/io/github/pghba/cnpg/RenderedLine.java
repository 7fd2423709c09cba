package io.github.pghba.cnpg;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One line of a rendered file and where it came from.
 *
 * @param number the 1-based line number in the rendered file (what {@code pg_hba_file_rules}
 *     shows in a pod)
 * @param text the line without its newline
 * @param origin who wrote it
 * @param entry for {@link Origin#USER} lines, the 0-based index of the manifest entry
 *     ({@code pg_hba}, {@code pg_ident} or the Pooler's {@code pg_hba})
 * @param yamlLine the manifest line it comes from: the entry for user lines, the {@code ldap:}
 *     key for the LDAP line; empty for the operator's own lines
 */
public record RenderedLine(int number, String text, Origin origin, OptionalInt entry, OptionalInt yamlLine) {

    /** Who wrote a line. */
    public enum Origin {
        /** The operator's template: its fixed rules, comments and blank lines. */
        OPERATOR,
        /** A line of the manifest (after {@code ${podselector:NAME}} expansion). */
        USER,
        /** The LDAP line the operator builds from {@code spec.postgresql.ldap}. */
        LDAP,
        /** The operator's catch-all at the end ({@code host all all all scram-sha-256}, or md5). */
        DEFAULT
    }

    /** Checks for null. */
    public RenderedLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(yamlLine, "yamlLine");
    }
}
