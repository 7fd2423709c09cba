package io.github.pghba.view;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of PostgreSQL's {@code pg_ident_file_mappings} view (15+). Empty optionals are NULLs.
 *
 * @param mapNumber {@code map_number} (16+)
 * @param fileName {@code file_name} (16+)
 * @param lineNumber {@code line_number}
 * @param mapName {@code map_name}
 * @param sysName {@code sys_name}
 * @param pgUsername {@code pg_username}
 * @param error {@code error}
 */
public record IdentFileMapping(Optional<Integer> mapNumber, String fileName, int lineNumber, Optional<String> mapName,
        Optional<String> sysName, Optional<String> pgUsername, Optional<String> error) {

    /** Checks for null. */
    public IdentFileMapping {
        Objects.requireNonNull(mapNumber, "mapNumber");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mapName, "mapName");
        Objects.requireNonNull(sysName, "sysName");
        Objects.requireNonNull(pgUsername, "pgUsername");
        Objects.requireNonNull(error, "error");
    }

    /** The row's columns in the view's order for a major version (16+ adds map_number and file_name). */
    public Map<String, Optional<Object>> columns(int major) {
        Map<String, Optional<Object>> m = new LinkedHashMap<>();
        if (major >= 16) {
            m.put("map_number", mapNumber.map(x -> x));
            m.put("file_name", Optional.of(fileName));
        }
        m.put("line_number", Optional.of(lineNumber));
        m.put("map_name", mapName.map(x -> x));
        m.put("sys_name", sysName.map(x -> x));
        m.put("pg_username", pgUsername.map(x -> x));
        m.put("error", error.map(x -> x));
        return m;
    }
}
