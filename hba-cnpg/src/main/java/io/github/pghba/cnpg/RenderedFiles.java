package io.github.pghba.cnpg;

import io.github.pghba.check.PgVersion;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code pg_hba.conf} and {@code pg_ident.conf} the operator writes for a Cluster, byte for
 * byte, with the origin of every line.
 *
 * @param cluster the Cluster rendered
 * @param operator the operator release whose templates were used
 * @param pgMajor the PostgreSQL major version the files are for
 * @param pgVersion the release to load the files with (major and, from the image tag, minor);
 *     empty when the major is older than 13, which pghba does not know
 * @param pgVersionSource where {@code pgMajor} came from, e.g. {@code spec.imageName tag 16.4}
 * @param pgHba the pg_hba.conf text
 * @param hbaLines its lines
 * @param pgIdent the pg_ident.conf text; empty when the operator did not manage it (before 1.3)
 * @param identLines its lines
 * @param defaultMethod the method of the operator's catch-all rule
 * @param notes what the rendering had to assume (selectors without IPs, a secret's value...)
 */
public record RenderedFiles(CnpgManifest.Cluster cluster, OperatorVersion operator, int pgMajor,
        Optional<PgVersion> pgVersion, String pgVersionSource, String pgHba, List<RenderedLine> hbaLines,
        String pgIdent, List<RenderedLine> identLines, String defaultMethod, List<String> notes) {

    /** The file name used for the rendered pg_hba.conf in spans and findings. */
    public static final String HBA_FILE = "pg_hba.conf";

    /** The file name used for the rendered pg_ident.conf. */
    public static final String IDENT_FILE = "pg_ident.conf";

    /** Copies the lists. */
    public RenderedFiles {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(pgVersion, "pgVersion");
        Objects.requireNonNull(pgVersionSource, "pgVersionSource");
        Objects.requireNonNull(pgHba, "pgHba");
        hbaLines = List.copyOf(hbaLines);
        Objects.requireNonNull(pgIdent, "pgIdent");
        identLines = List.copyOf(identLines);
        Objects.requireNonNull(defaultMethod, "defaultMethod");
        notes = List.copyOf(notes);
    }

    /** The manifest line a rendered pg_hba.conf line comes from, if it comes from the manifest. */
    public OptionalInt yamlLineOfHba(int renderedLine) {
        return lineAt(hbaLines, renderedLine).map(RenderedLine::yamlLine).orElse(OptionalInt.empty());
    }

    /** The manifest line a rendered pg_ident.conf line comes from, if it comes from the manifest. */
    public OptionalInt yamlLineOfIdent(int renderedLine) {
        return lineAt(identLines, renderedLine).map(RenderedLine::yamlLine).orElse(OptionalInt.empty());
    }

    /** The rendered pg_hba.conf line {@code number} (1-based). */
    public Optional<RenderedLine> hbaLine(int number) {
        return lineAt(hbaLines, number);
    }

    /** The rendered pg_ident.conf line {@code number} (1-based). */
    public Optional<RenderedLine> identLine(int number) {
        return lineAt(identLines, number);
    }

    static Optional<RenderedLine> lineAt(List<RenderedLine> lines, int number) {
        return number >= 1 && number <= lines.size() ? Optional.of(lines.get(number - 1)) : Optional.empty();
    }

    /** Whether the operator wrote a pg_ident.conf (1.3 and later). */
    public boolean identManaged() {
        return !pgIdent.isEmpty();
    }

    /**
     * The load options for these files: {@code base} with the rendered PostgreSQL release (13 when
     * the image is older) and an in-memory file source holding just the two files.
     */
    public LoadOptions loadOptions(LoadOptions base) {
        return base.withVersion(pgVersion.orElse(PgVersion.of(PgVersion.MIN_MAJOR)))
                .withFiles(FileSource.inMemory(Map.of(HBA_FILE, pgHba.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        IDENT_FILE, pgIdent.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Loads the rendered pg_hba.conf as PostgreSQL would (see {@link #loadOptions}). */
    public HbaConfig loadHba(LoadOptions base) {
        return HbaLoader.with(loadOptions(base)).parseHba(HBA_FILE, pgHba);
    }

    /** Loads the rendered pg_ident.conf as PostgreSQL would (see {@link #loadOptions}). */
    public IdentConfig loadIdent(LoadOptions base) {
        return HbaLoader.with(loadOptions(base)).parseIdent(IDENT_FILE, pgIdent);
    }
}
