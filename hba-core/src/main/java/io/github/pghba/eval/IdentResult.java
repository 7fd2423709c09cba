package io.github.pghba.eval;

import io.github.pghba.syntax.IdentMapping;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a user name map check ({@code check_usermap}): whether the system identity may
 * log in as the database user, and which pg_ident.conf line allowed it.
 *
 * @param admitted whether the login passes the map
 * @param map the map name; empty when the rule has no map (then the names must be equal)
 * @param systemUser the identity compared
 * @param databaseUser the requested database user
 * @param line the ident line that admitted it
 * @param log what PostgreSQL logs when it refuses (e.g. {@code no match in usermap "m" for user "u"
 *     authenticated as "s"}); empty when admitted
 */
public record IdentResult(boolean admitted, Optional<String> map, String systemUser, String databaseUser,
        Optional<IdentMapping> line, Optional<String> log) {

    /** Checks for null. */
    public IdentResult {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(systemUser, "systemUser");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(log, "log");
    }
}
