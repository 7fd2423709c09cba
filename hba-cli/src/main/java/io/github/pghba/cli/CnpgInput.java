package io.github.pghba.cli;

import io.github.pghba.check.PgVersion;
import io.github.pghba.cnpg.CnpgSource;
import io.github.pghba.cnpg.OperatorVersion;
import io.github.pghba.cnpg.RenderOptions;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --cnpg MANIFEST} for eval, explain, who, dead and diff: a CloudNativePG Cluster manifest in
 * place of a pg_hba.conf, rendered as the operator would and loaded with its own pg_ident.conf.
 */
final class CnpgInput {
    @Option(names = "--cnpg", paramLabel = "MANIFEST.yaml",
            description = "a CloudNativePG Cluster manifest in place of the pg_hba.conf: the pg_hba.conf and "
                    + "pg_ident.conf the operator renders for it (diff: once per side, the manifests first)")
    List<Path> manifests = new ArrayList<>();

    @Option(names = "--operator-version", paramLabel = "V", defaultValue = "1.30",
            description = "the CloudNativePG operator release rendering the manifest, e.g. 1.30 or 1.28.3 "
                    + "(default: ${DEFAULT-VALUE})")
    String operatorVersion = "1.30";

    @Option(names = "--selector", paramLabel = "NAME=IP[,IP...]",
            description = "pod IPs for ${podselector:NAME} (repeatable)")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME", description = "the Cluster to use when the manifest has several")
    String cluster;

    boolean active() {
        return !manifests.isEmpty();
    }

    /** Render options from these options and --pg-version (used only when the manifest names no version). */
    RenderOptions renderOptions(CommandLine cl, Common common, String version) {
        RenderOptions o;
        try {
            o = RenderOptions.defaults().withOperator(OperatorVersion.parse(version))
                    .withSelectors(RenderOptions.parseSelectors(selectors));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        if (cl.getParseResult().hasMatchedOption("--pg-version")) {
            try {
                o = o.withPgVersion(PgVersion.parse(common.pgVersion));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--pg-version: " + e.getMessage());
            }
        }
        return o;
    }

    /** Renders and loads manifest {@code index} (render notes go to stderr). */
    CnpgSource source(CommandLine cl, Common common, int index, String version) {
        LoadOptions base = common.options(cl);
        Path path = manifests.get(index);
        CnpgSource s;
        try {
            s = CnpgSource.load(path, Optional.ofNullable(cluster), renderOptions(cl, common, version), base);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        s.files().notes().forEach(n -> cl.getErr().println("pghba: " + path + ": " + n));
        return s;
    }

    /** The policy of manifest {@code index}; like {@link AnalysisCommands#load}, exit 3 when it does not load. */
    Policy policy(CommandLine cl, Common common, int index, String version) {
        CnpgSource s = source(cl, common, index, version);
        if (!s.hba().loadable()) {
            PrintWriter err = cl.getErr();
            err.println("pghba: PostgreSQL " + s.hba().version() + " would not load the pg_hba.conf operator "
                    + s.files().operator() + " renders for " + manifests.get(index) + " (pghba cnpg review says more):");
            s.hba().errors().forEach(d -> err.println(d.format()));
            throw new AnalysisCommands.NotLoadable();
        }
        return Policy.compile(s.hba(), identMaps(cl, common, s), common.environment(cl));
    }

    /** --ident when given, else the rendered pg_ident.conf. */
    IdentMaps identMaps(CommandLine cl, Common common, CnpgSource s) {
        return common.ident != null ? common.identMaps(cl, s.hba().options()) : s.identMaps();
    }
}
