package io.github.pghba.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.analysis.Lint;
import io.github.pghba.eval.Policy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pghba lint}: the hardening review. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Reviews pg_hba.conf against PostgreSQL hardening guidance: each finding with a stable ID, "
                + "severity, file:line, why it matters and how to fix it.",
            "Exit code: 0, 4 when a finding reaches the --fail-on severity, 3 when the file would not load, 2 on "
                + "usage errors."})
final class LintCommand implements Callable<Integer> {
    static final int EXIT_FINDINGS = 4;

    @Mixin
    Common common = new Common();

    @Parameters(paramLabel = "HBAFILE")
    String file;

    @Option(names = "--disable", paramLabel = "CHECK", split = ",", description = "skip these checks")
    List<String> disabled = new ArrayList<>();

    @Option(names = "--admin", paramLabel = "ROLE", split = ",",
            description = "privileged roles besides the environment's superusers (default: postgres)")
    List<String> admins = new ArrayList<>();

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
            for (Lint.Check c : Lint.CHECKS) {
                out.printf("%-28s %-9s %s%n", c.id(), c.severity().label(), c.title());
            }
            out.flush();
            return 0;
        }
        Lint.Severity threshold = Sarif.failOn(cl, failOn);
        for (String d : disabled) {
            if (Lint.CHECKS.stream().noneMatch(c -> c.id().equals(d))) {
                throw new CommandLine.ParameterException(cl, "--disable: unknown check \"" + d + "\" (see --list-checks)");
            }
        }
        if (!List.of("text", "json", "sarif").contains(format)) {
            throw new CommandLine.ParameterException(cl, "--format must be text, json or sarif");
        }
        Policy policy;
        try {
            policy = AnalysisCommands.load(cl, common, file);
        } catch (AnalysisCommands.NotLoadable e) {
            return RulesCommand.EXIT_NOT_LOADABLE;
        }
        Lint.Config config = Lint.Config.defaults().withDisabled(Set.copyOf(disabled));
        if (!admins.isEmpty()) {
            config = config.withAdminRoles(Set.copyOf(admins));
        }
        if (common.ident != null) {
            config = config.withIdentMaps(common.identMaps(cl, policy.config().options()));
        }
        List<Lint.Finding> findings = Lint.run(policy, config);
        boolean fail = findings.stream().anyMatch(f -> f.severity().compareTo(threshold) <= 0);
        switch (format) {
            case "json" -> {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                for (Lint.Finding f : findings) {
                    ObjectNode o = a.addObject();
                    o.put("check", f.check());
                    o.put("severity", f.severity().label());
                    o.put("file", f.rule().file());
                    o.put("line", f.rule().lineNumber());
                    o.put("message", f.message());
                    o.put("rationale", f.rationale());
                    o.put("fix", f.fix());
                }
                out.println(AnalysisCommands.json(a));
            }
            case "sarif" -> out.println(AnalysisCommands.json(sarif(findings)));
            default -> {
                for (Lint.Finding f : findings) {
                    out.println(f.format());
                }
                out.println(findings.isEmpty() ? "No findings." : findings.size() + " finding(s)"
                        + (fail ? ", at least one at or above " + threshold.label() + "." : "."));
            }
        }
        out.flush();
        return fail ? EXIT_FINDINGS : 0;
    }

    /** SARIF 2.1.0, so CI systems show the findings inline. */
    static ObjectNode sarif(List<Lint.Finding> findings) {
        ObjectNode root = Sarif.log(Lint.CHECKS);
        ArrayNode results = Sarif.results(root);
        for (Lint.Finding x : findings) {
            ObjectNode r = results.addObject();
            r.put("ruleId", x.check());
            r.put("level", Sarif.level(x.severity()));
            r.putObject("message").put("text", x.message() + " — " + x.rationale() + ". Fix: " + x.fix());
            ObjectNode loc = r.putArray("locations").addObject().putObject("physicalLocation");
            loc.putObject("artifactLocation").put("uri", x.rule().file());
            ObjectNode region = loc.putObject("region");
            region.put("startLine", x.rule().lineNumber());
            region.put("endLine", x.rule().span().endLine());
            r.putObject("properties").put("severity", x.severity().label());
        }
        return root;
    }
}
