package io.github.pghba.load;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.Severity;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.syntax.IdentMapping;
import io.github.pghba.syntax.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded pg_ident.conf.
 *
 * @param path the main file's path as given
 * @param options how it was loaded
 * @param files every file read
 * @param entries the non-blank lines in PostgreSQL's order: {@link IdentMapping}s, invalid lines and
 *     failed include lines; one row each in {@code pg_ident_file_mappings}
 * @param diagnostics every error, in order
 */
public record IdentConfig(String path, LoadOptions options, List<ConfFile> files, List<SourceLine> entries,
        List<Diagnostic> diagnostics) {

    /** Copies the lists. */
    public IdentConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        files = List.copyOf(files);
        entries = List.copyOf(entries);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The release whose rules applied. */
    public PgVersion version() {
        return options.version();
    }

    /** The main file. */
    public ConfFile mainFile() {
        return files.get(0);
    }

    /** The mappings, in order. */
    public List<IdentMapping> mappings() {
        List<IdentMapping> out = new ArrayList<>();
        for (SourceLine l : entries) {
            if (l instanceof IdentMapping m) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Whether PostgreSQL would load the maps. A pg_ident.conf with errors never stops the server: at
     * start its maps are empty, on reload the old ones stay.
     */
    public boolean loadable() {
        return diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR);
    }
}
