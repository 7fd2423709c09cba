package io.github.pghba.cnpg;

import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code pg_hba.conf} the operator writes for a Pooler's PgBouncer ({@code auth_hba_file}),
 * with the origin of every line. PgBouncer reads it with its own parser, a subset of
 * PostgreSQL's (no {@code hostgssenc}, no {@code samehost}, no host names, no {@code +role});
 * pghba loads it with PostgreSQL's rules, which agree on everything PgBouncer accepts.
 *
 * @param pooler the Pooler rendered
 * @param operator the operator release whose template was used
 * @param pgHba the file's text
 * @param lines its lines
 * @param notes what the rendering had to assume
 */
public record RenderedPooler(CnpgManifest.Pooler pooler, OperatorVersion operator, String pgHba,
        List<RenderedLine> lines, List<String> notes) {

    /** The file name used in spans and findings. */
    public static final String FILE = "pgbouncer/pg_hba.conf";

    /** Copies the lists. */
    public RenderedPooler {
        Objects.requireNonNull(pooler, "pooler");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(pgHba, "pgHba");
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }

    /** The manifest line a rendered line comes from, if it comes from the manifest. */
    public OptionalInt yamlLineOf(int renderedLine) {
        return line(renderedLine).map(RenderedLine::yamlLine).orElse(OptionalInt.empty());
    }

    /** The rendered line {@code number} (1-based). */
    public Optional<RenderedLine> line(int number) {
        return RenderedFiles.lineAt(lines, number);
    }

    /** Loads the file with PostgreSQL's rules ({@code base}'s version and settings). */
    public HbaConfig load(LoadOptions base) {
        LoadOptions o = base.withFiles(FileSource.inMemory(Map.of(FILE, pgHba.getBytes(StandardCharsets.UTF_8))));
        return HbaLoader.with(o).parseHba(FILE, pgHba);
    }
}
