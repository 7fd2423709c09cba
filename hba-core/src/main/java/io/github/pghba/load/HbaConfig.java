package io.github.pghba.load;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.Severity;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IncludeLine;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded pg_hba.conf: every file read, the records in the order PostgreSQL sees them (included
 * files spliced in), and what PostgreSQL would say about them.
 *
 * @param path the main file's path as given
 * @param options how it was loaded
 * @param files every file read, the main file first, then in the order they were reached
 * @param entries the non-blank lines in PostgreSQL's order: {@link HbaRule}s, {@link InvalidLine}s
 *     and failed {@link IncludeLine}s; one row each in {@code pg_hba_file_rules}
 * @param diagnostics every error and warning, in order
 */
public record HbaConfig(String path, LoadOptions options, List<ConfFile> files, List<SourceLine> entries,
        List<Diagnostic> diagnostics) {

    /** Copies the lists. */
    public HbaConfig {
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

    /** The rules PostgreSQL would use, in order (those with warnings included: they never match). */
    public List<HbaRule> rules() {
        List<HbaRule> out = new ArrayList<>();
        for (SourceLine l : entries) {
            if (l instanceof HbaRule r) {
                out.add(r);
            }
        }
        return out;
    }

    /** The errors (each one makes PostgreSQL refuse the whole file). */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    }

    /**
     * Whether PostgreSQL would load this file: no line has an error, and there is at least one rule.
     * At server start a file that does not load is fatal; on reload the old rules stay in force.
     */
    public boolean loadable() {
        return errors().isEmpty();
    }
}
