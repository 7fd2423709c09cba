package io.github.pghba.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.analysis.Lint;
import io.github.pghba.check.PgVersion;
import io.github.pghba.cnpg.CnpgFinding;
import io.github.pghba.cnpg.CnpgManifest;
import io.github.pghba.cnpg.CnpgRenderer;
import io.github.pghba.cnpg.CnpgReview;
import io.github.pghba.cnpg.OperatorVersion;
import io.github.pghba.cnpg.RenderOptions;
import io.github.pghba.cnpg.RenderedFiles;
import io.github.pghba.cnpg.RenderedLine;
import io.github.pghba.cnpg.RenderedPooler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pghba cnpg}: CloudNativePG manifests. */
@Command(name = "cnpg", mixinStandardHelpOptions = true,
        description = "CloudNativePG: render the pg_hba.conf / pg_ident.conf the operator writes for a Cluster or "
                + "Pooler manifest, and review them with the operator in the picture.",
        subcommands = {CnpgCommand.RenderCommand.class, CnpgCommand.ReviewCommand.class})
final class CnpgCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (pghba cnpg render|review MANIFEST.yaml)");
    }

    /** The options both subcommands share. */
    static final class Rendering {
        @Option(names = "--operator-version", paramLabel = "V", defaultValue = "1.30",
                description = "the operator release: 1.30 (its newest patch) or 1.28.3 (default: ${DEFAULT-VALUE})")
        String operatorVersion = "1.30";

        @Option(names = "--selector", paramLabel = "NAME=IP[,IP...]",
                description = "pod IPs for ${podselector:NAME} (1.29+; repeatable; NAME= for no pods)")
        List<String> selectors = new ArrayList<>();

        @Option(names = "--pg-version", paramLabel = "N",
                description = "PostgreSQL version when the manifest names none (imageName tag, imageCatalogRef); "
                        + "default: the operator's default image")
        String pgVersion;

        @Option(names = "--os-user", paramLabel = "USER", defaultValue = "postgres",
                description = "the OS user PostgreSQL runs as in the pod (default: ${DEFAULT-VALUE}; / renders the "
                        + "operator's insecure fallback)")
        String osUser = "postgres";

        RenderOptions options(CommandLine cl) {
            try {
                RenderOptions o = RenderOptions.defaults().withOperator(OperatorVersion.parse(operatorVersion))
                        .withSelectors(RenderOptions.parseSelectors(selectors)).withOsUser(osUser);
                return pgVersion == null ? o : o.withPgVersion(PgVersion.parse(pgVersion));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        }

        static CnpgManifest read(CommandLine cl, Path manifest) {
            try {
                return CnpgManifest.read(manifest);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "cannot read " + manifest + ": " + e.getMessage());
            }
        }
    }

    /** {@code pghba cnpg render}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Prints the files the CloudNativePG operator writes for the manifest's Clusters and "
                    + "Poolers, byte for byte (comments and blank lines included, so line numbers match "
                    + "pg_hba_file_rules in a pod).",
                "Exit code: 0, 2 on usage errors (no Cluster or Pooler, YAML that cannot be read)."})
    static final class RenderCommand implements Callable<Integer> {
        @Mixin
        Rendering rendering = new Rendering();

        @Parameters(paramLabel = "MANIFEST.yaml")
        Path manifest;

        @Option(names = "--file", paramLabel = "WHICH", defaultValue = "pg_hba.conf",
                description = "pg_hba.conf, pg_ident.conf, pgbouncer (the Poolers' pg_hba.conf) or all "
                        + "(default: ${DEFAULT-VALUE})")
        String which = "pg_hba.conf";

        @Option(names = "--cluster", paramLabel = "NAME", description = "only this Cluster (and no Pooler)")
        String cluster;

        @Option(names = "--output-dir", paramLabel = "DIR",
                description = "write every file to DIR/cluster-NAME/ and DIR/pooler-NAME/ instead of printing")
        Path outputDir;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format = "text";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CommandLine cl = spec.commandLine();
            if (!List.of("pg_hba.conf", "pg_ident.conf", "pgbouncer", "all").contains(which)) {
                throw new CommandLine.ParameterException(cl, "--file must be pg_hba.conf, pg_ident.conf, pgbouncer or all");
            }
            if (!List.of("text", "json").contains(format)) {
                throw new CommandLine.ParameterException(cl, "--format must be text or json");
            }
            RenderOptions options = rendering.options(cl);
            CnpgManifest m = Rendering.read(cl, manifest);
            PrintWriter out = cl.getOut();
            PrintWriter err = cl.getErr();
            m.problems().forEach(p -> err.println("pghba: " + manifest + ":" + p.line() + ": " + p.message()));
            List<RenderedFiles> clusters = new ArrayList<>();
            for (CnpgManifest.Cluster c : m.clusters()) {
                if (cluster == null || c.name().equals(cluster)) {
                    clusters.add(CnpgRenderer.render(c, options));
                }
            }
            List<RenderedPooler> poolers = new ArrayList<>();
            if (cluster == null) {
                for (CnpgManifest.Pooler p : m.poolers()) {
                    poolers.add(CnpgRenderer.render(p, options.operator()));
                }
            }
            if (clusters.isEmpty() && poolers.isEmpty()) {
                throw new CommandLine.ParameterException(cl, cluster != null ? manifest + " has no Cluster named "
                        + cluster : manifest + " has no CloudNativePG Cluster or Pooler");
            }
            for (RenderedFiles f : clusters) {
                f.notes().forEach(n -> err.println("pghba: " + f.cluster().label() + ": " + n));
            }
            for (RenderedPooler p : poolers) {
                p.notes().forEach(n -> err.println("pghba: " + p.pooler().label() + ": " + n));
            }
            if (outputDir != null) {
                for (RenderedFiles f : clusters) {
                    Path dir = outputDir.resolve("cluster-" + f.cluster().name());
                    write(out, dir.resolve(RenderedFiles.HBA_FILE), f.pgHba());
                    write(out, dir.resolve(RenderedFiles.IDENT_FILE), f.pgIdent());
                }
                for (RenderedPooler p : poolers) {
                    write(out, outputDir.resolve("pooler-" + p.pooler().name()).resolve("pg_hba.conf"), p.pgHba());
                }
                out.flush();
                return 0;
            }
            if (format.equals("json")) {
                ObjectNode root = JsonNodeFactory.instance.objectNode();
                root.put("manifest", manifest.toString());
                ArrayNode resources = root.putArray("resources");
                for (RenderedFiles f : clusters) {
                    ObjectNode o = resources.addObject();
                    o.put("kind", "Cluster");
                    o.put("name", f.cluster().name());
                    o.put("operator_version", f.operator().toString());
                    o.put("pg_major", f.pgMajor());
                    o.put("pg_version_source", f.pgVersionSource());
                    o.put("default_method", f.defaultMethod());
                    ArrayNode notes = o.putArray("notes");
                    f.notes().forEach(notes::add);
                    o.put("pg_hba", f.pgHba());
                    o.set("pg_hba_lines", lines(f.hbaLines()));
                    o.put("pg_ident", f.pgIdent());
                    o.set("pg_ident_lines", lines(f.identLines()));
                }
                for (RenderedPooler p : poolers) {
                    ObjectNode o = resources.addObject();
                    o.put("kind", "Pooler");
                    o.put("name", p.pooler().name());
                    o.put("operator_version", p.operator().toString());
                    ArrayNode notes = o.putArray("notes");
                    p.notes().forEach(notes::add);
                    o.put("pg_hba", p.pgHba());
                    o.set("pg_hba_lines", lines(p.lines()));
                }
                out.println(AnalysisCommands.json(root));
                out.flush();
                return 0;
            }
            List<String[]> parts = new ArrayList<>();
            for (RenderedFiles f : clusters) {
                if (which.equals("pg_hba.conf") || which.equals("all")) {
                    parts.add(new String[] {f.cluster().label() + "/" + RenderedFiles.HBA_FILE, f.pgHba()});
                }
                if (which.equals("pg_ident.conf") || which.equals("all")) {
                    parts.add(new String[] {f.cluster().label() + "/" + RenderedFiles.IDENT_FILE, f.pgIdent()});
                }
            }
            for (RenderedPooler p : poolers) {
                if (which.equals("pgbouncer") || which.equals("all")) {
                    parts.add(new String[] {p.pooler().label() + "/pg_hba.conf", p.pgHba()});
                }
            }
            if (parts.isEmpty()) {
                throw new CommandLine.ParameterException(cl, manifest + " has nothing to render for --file " + which);
            }
            for (int i = 0; i < parts.size(); i++) {
                if (parts.size() > 1) {
                    out.print((i == 0 ? "" : "\n") + "==> " + parts.get(i)[0] + " <==\n");
                }
                out.print(parts.get(i)[1]);
            }
            out.flush();
            return 0;
        }

        private static void write(PrintWriter out, Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            out.println(file);
        }

        private static ArrayNode lines(List<RenderedLine> lines) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (RenderedLine l : lines) {
                ObjectNode o = a.addObject();
                o.put("line", l.number());
                o.put("origin", l.origin().name().toLowerCase(Locale.ROOT));
                if (l.yamlLine().isPresent()) {
                    o.put("yaml_line", l.yamlLine().getAsInt());
                } else {
                    o.putNull("yaml_line");
                }
                o.put("text", l.text());
            }
            return a;
        }
    }

    /** {@code pghba cnpg review}. */
    @Command(name = "review", mixinStandardHelpOptions = true,
            description = {"Reviews a manifest as the operator will render it: the rendered files loaded, evaluated "
                    + "and linted as PostgreSQL would, plus the checks that only make sense with the operator "
                    + "(its catch-all after an allow-list, GSS clients past hostssl rules, rules its fixed lines "
                    + "shadow, Pooler rules that cannot restrict, the insecure ident fallback, parameters it "
                    + "fixes...). Findings point at the manifest's own line where there is one.",
                "Exit code: 0, 4 when a finding reaches --fail-on, 3 when a rendered pg_hba.conf would not load, "
                    + "2 on usage errors."})
    static final class ReviewCommand implements Callable<Integer> {
        @Mixin
        Rendering rendering = new Rendering();

        @Parameters(paramLabel = "MANIFEST.yaml", arity = "0..1")
        Path manifest;

        @Option(names = "--disable", paramLabel = "CHECK", split = ",", description = "skip these checks")
        List<String> disabled = new ArrayList<>();

        @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
                description = "critical, high, medium, low or info (default: ${DEFAULT-VALUE})")
        String failOn = "high";

        @Option(names = "--format", defaultValue = "text", description = "text, json or sarif (default: ${DEFAULT-VALUE})")
        String format = "text";

        @Option(names = "--list-checks", description = "list the checks and exit")
        boolean listChecks;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            PrintWriter out = cl.getOut();
            if (listChecks) {
                List<Lint.Check> all = new ArrayList<>(CnpgReview.CHECKS);
                all.addAll(Lint.CHECKS);
                for (Lint.Check c : all) {
                    out.printf("%-30s %-9s %s%n", c.id(), c.severity().label(), c.title());
                }
                out.flush();
                return 0;
            }
            if (manifest == null) {
                throw new CommandLine.ParameterException(cl, "Missing required parameter: 'MANIFEST.yaml'");
            }
            Lint.Severity threshold = Sarif.failOn(cl, failOn);
            for (String d : disabled) {
                if (!CnpgReview.knownCheck(d)) {
                    throw new CommandLine.ParameterException(cl, "--disable: unknown check \"" + d
                            + "\" (see --list-checks)");
                }
            }
            if (!List.of("text", "json", "sarif").contains(format)) {
                throw new CommandLine.ParameterException(cl, "--format must be text, json or sarif");
            }
            CnpgReview.Result r = CnpgReview.review(Rendering.read(cl, manifest), rendering.options(cl),
                    Set.copyOf(disabled));
            switch (format) {
                case "json" -> out.println(AnalysisCommands.json(json(r)));
                case "sarif" -> out.println(AnalysisCommands.json(sarif(r)));
                default -> out.print(r.format());
            }
            out.flush();
            if (!r.loads()) {
                return RulesCommand.EXIT_NOT_LOADABLE;
            }
            return r.reaches(threshold) ? LintCommand.EXIT_FINDINGS : 0;
        }

        private static ObjectNode json(CnpgReview.Result r) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("manifest", r.manifest().source());
            root.put("loads", r.loads());
            ArrayNode resources = root.putArray("resources");
            for (RenderedFiles f : r.clusters()) {
                ObjectNode o = resources.addObject();
                o.put("kind", "Cluster");
                o.put("name", f.cluster().name());
                o.put("operator_version", f.operator().toString());
                o.put("pg_major", f.pgMajor());
                o.put("pg_version_source", f.pgVersionSource());
                ArrayNode notes = o.putArray("notes");
                f.notes().forEach(notes::add);
            }
            for (RenderedPooler p : r.poolers()) {
                ObjectNode o = resources.addObject();
                o.put("kind", "Pooler");
                o.put("name", p.pooler().name());
                o.put("operator_version", p.operator().toString());
                ArrayNode notes = o.putArray("notes");
                p.notes().forEach(notes::add);
            }
            ArrayNode findings = root.putArray("findings");
            for (CnpgFinding f : r.findings()) {
                ObjectNode o = findings.addObject();
                o.put("check", f.check());
                o.put("severity", f.severity().label());
                o.put("resource", f.resource());
                o.put("file", f.file());
                if (f.line().isPresent()) {
                    o.put("line", f.line().getAsInt());
                } else {
                    o.putNull("line");
                }
                if (f.renderedFile().isPresent()) {
                    o.put("rendered_file", f.renderedFile().get());
                } else {
                    o.putNull("rendered_file");
                }
                if (f.renderedLine().isPresent()) {
                    o.put("rendered_line", f.renderedLine().getAsInt());
                } else {
                    o.putNull("rendered_line");
                }
                o.put("message", f.message());
                o.put("rationale", f.rationale());
                o.put("fix", f.fix());
                ArrayNode c = o.putArray("corrected_lines");
                f.correctedLines().forEach(c::add);
            }
            return root;
        }

        /** SARIF 2.1.0; results point at the manifest, the rendered position in properties. */
        private static ObjectNode sarif(CnpgReview.Result r) {
            List<Lint.Check> all = new ArrayList<>(CnpgReview.CHECKS);
            all.addAll(Lint.CHECKS);
            ObjectNode root = Sarif.log(all);
            ArrayNode results = Sarif.results(root);
            for (CnpgFinding x : r.findings()) {
                ObjectNode res = results.addObject();
                res.put("ruleId", x.check());
                res.put("level", Sarif.level(x.severity()));
                StringBuilder text = new StringBuilder(x.resource()).append(": ").append(x.message()).append(" — ")
                        .append(x.rationale()).append(". Fix: ").append(x.fix());
                x.correctedLines().forEach(c -> text.append("\n  - ").append(c));
                res.putObject("message").put("text", text.toString());
                ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation");
                loc.putObject("artifactLocation").put("uri", x.file());
                if (x.line().isPresent()) {
                    loc.putObject("region").put("startLine", x.line().getAsInt());
                }
                ObjectNode props = res.putObject("properties");
                props.put("severity", x.severity().label());
                props.put("resource", x.resource());
                x.renderedFile().ifPresent(rf -> props.put("renderedFile", rf));
                if (x.renderedLine().isPresent()) {
                    props.put("renderedLine", x.renderedLine().getAsInt());
                }
            }
            return root;
        }
    }
}
