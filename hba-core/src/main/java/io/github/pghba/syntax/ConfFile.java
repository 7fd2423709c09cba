package io.github.pghba.syntax;

import java.util.List;
import java.util.Objects;

/**
 * One configuration file as read: every logical line, in order.
 *
 * @param path the path as the loader resolved it
 * @param role how the file was reached
 * @param lines all its lines; their raw texts concatenated give the file back
 */
public record ConfFile(String path, Role role, List<SourceLine> lines) {

    /** How a file was reached. */
    public enum Role {
        /** The main file. */
        MAIN,
        /** Through an include directive. */
        INCLUDED,
        /** Through an {@code @file} reference: a name list. */
        NAME_LIST
    }

    /** Copies the list. */
    public ConfFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        lines = List.copyOf(lines);
    }

    /** The file's text, reproduced exactly from its lines (lossless). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (SourceLine l : lines) {
            sb.append(l.rawText());
        }
        return sb.toString();
    }
}
