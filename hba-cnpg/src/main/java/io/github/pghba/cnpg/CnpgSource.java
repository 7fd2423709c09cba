package io.github.pghba.cnpg;

import io.github.pghba.eval.IdentMaps;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest in place of a pg_hba.conf, for the commands that evaluate ({@code --cnpg}): the
 * Cluster's files rendered and loaded as PostgreSQL would, with its own pg_ident.conf.
 *
 * @param manifest the manifest read
 * @param files the rendered files
 * @param hba the rendered pg_hba.conf, loaded
 * @param ident the rendered pg_ident.conf, loaded
 */
public record CnpgSource(CnpgManifest manifest, RenderedFiles files, HbaConfig hba, IdentConfig ident) {

    /** Checks for null. */
    public CnpgSource {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(hba, "hba");
        Objects.requireNonNull(ident, "ident");
    }

    /**
     * Reads {@code path}, renders its Cluster and loads the files with {@code base}'s settings, build
     * and interfaces, and the PostgreSQL release of the rendering. The files are named
     * {@code MANIFEST#pg_hba.conf} and {@code MANIFEST#pg_ident.conf} in spans.
     *
     * @param cluster the Cluster's name; may be empty when the manifest has exactly one
     * @throws IOException if the manifest cannot be read
     * @throws IllegalArgumentException if the manifest has no such Cluster, several and no name was
     *     given, or cannot be read as YAML
     */
    public static CnpgSource load(Path path, Optional<String> cluster, RenderOptions options, LoadOptions base)
            throws IOException {
        CnpgManifest m = CnpgManifest.read(path);
        Optional<CnpgManifest.Cluster> c = m.cluster(cluster);
        if (c.isEmpty()) {
            if (!m.problems().isEmpty()) {
                CnpgManifest.Problem p = m.problems().get(0);
                throw new IllegalArgumentException(path + ":" + p.line() + ": " + p.message());
            }
            List<String> names = m.clusters().stream().map(CnpgManifest.Cluster::name).toList();
            throw new IllegalArgumentException(names.isEmpty() ? path + " has no CloudNativePG Cluster"
                    : cluster.isPresent() ? path + " has no Cluster named " + cluster.get() + " (it has "
                    + String.join(", ", names) + ")"
                    : path + " has several Clusters (" + String.join(", ", names) + "): choose one with --cluster");
        }
        RenderedFiles f = CnpgRenderer.render(c.get(), options);
        LoadOptions o = f.loadOptions(base);
        String name = path.toString() + "#";
        HbaConfig hba = HbaLoader.with(o).parseHba(name + RenderedFiles.HBA_FILE, f.pgHba());
        IdentConfig ident = HbaLoader.with(o).parseIdent(name + RenderedFiles.IDENT_FILE, f.pgIdent());
        return new CnpgSource(m, f, hba, ident);
    }

    /** The user name maps of the rendered pg_ident.conf. */
    public IdentMaps identMaps() {
        return IdentMaps.of(ident);
    }

    /**
     * Where a rendered pg_hba.conf line comes from, for messages: {@code cluster.yaml:17} for the
     * user's lines, "the operator's catch-all" and so on for the others.
     */
    public String origin(int renderedLine) {
        Optional<RenderedLine> l = files.hbaLine(renderedLine);
        if (l.isEmpty()) {
            return "pg_hba.conf line " + renderedLine;
        }
        return switch (l.get().origin()) {
            case USER -> manifest.source() + (l.get().yamlLine().isPresent() ? ":" + l.get().yamlLine().getAsInt() : "");
            case LDAP -> "the operator's LDAP line, from " + manifest.source()
                    + (l.get().yamlLine().isPresent() ? ":" + l.get().yamlLine().getAsInt() : "");
            case DEFAULT -> "the operator's catch-all";
            case OPERATOR -> "the operator's fixed rules";
        };
    }
}
