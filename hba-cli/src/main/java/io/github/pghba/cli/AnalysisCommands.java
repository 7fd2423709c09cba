package io.github.pghba.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.analysis.AddressRange;
import io.github.pghba.analysis.PolicyDiff;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.Region;
import io.github.pghba.analysis.RuleReach;
import io.github.pghba.analysis.Transport;
import io.github.pghba.analysis.Who;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.HbaRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The analysis commands: who, dead, diff. */
final class AnalysisCommands {
    private AnalysisCommands() {}

    /** Loads a file into a policy, or reports why not (exit 3 / 2). */
    static Policy load(CommandLine cl, Common common, String file) {
        LoadOptions options = common.options(cl);
        HbaConfig config;
        try {
            config = HbaLoader.with(options).loadHba(file);
        } catch (FileSourceException e) {
            throw new CommandLine.ParameterException(cl, "cannot read " + file + ": " + e.errno().strerror());
        }
        if (!config.loadable()) {
            PrintWriter err = cl.getErr();
            err.println("pghba: PostgreSQL " + config.version() + " would not load " + file + ":");
            config.errors().forEach(d -> err.println(d.format()));
            throw new NotLoadable();
        }
        return Policy.compile(config, common.identMaps(cl, options), common.environment(cl));
    }

    /** A positional argument that is optional only because --cnpg can stand for it. */
    static String required(CommandLine cl, String value, String label) {
        if (value == null) {
            throw new CommandLine.ParameterException(cl, "Missing required parameter: '" + label + "'");
        }
        return value;
    }

    /** Thrown when a file does not load; mapped to exit code 3. */
    static final class NotLoadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotLoadable() {
            super(null, null, false, false);
        }
    }

    static String json(Object node) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArrayNode ranges(List<AddressRange> ranges) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (AddressRange r : ranges) {
            r.cidrs().forEach(a::add);
        }
        return a;
    }

    static ObjectNode rule(HbaRule r, int index) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", r.file());
        o.put("line", r.lineNumber());
        o.put("index", index);
        o.put("text", r.logicalText().strip());
        o.put("method", r.method().keyword());
        return o;
    }

    /** {@code pghba who}. */
    @Command(name = "who", mixinStandardHelpOptions = true,
            description = {"Who can connect, from where, how: every user class x database class x network x "
                    + "transport that reaches a rule, merged into the fewest rows; explicit rejects apart.",
                "Exit code: 0, 3 when the file would not load, 2 on usage errors."})
    static final class WhoCommand implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Parameters(paramLabel = "HBAFILE", arity = "0..1")
        String file;

        @Mixin
        CnpgInput cnpg = new CnpgInput();

        @Option(names = "--user", description = "only rows this user is in")
        String user;

        @Option(names = "--database", description = "only rows this database is in")
        String database;

        @Option(names = "--rule", paramLabel = "LINE",
                description = "only the requests that reach the rule at this line of HBAFILE, and the earlier rules "
                        + "that take the rest of what it matches")
        Integer ruleLine;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format = "text";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            Policy policy;
            try {
                policy = cnpg.active() ? cnpg.policy(cl, common, 0, cnpg.operatorVersion)
                        : load(cl, common, required(cl, file, "HBAFILE (or --cnpg MANIFEST)"));
            } catch (NotLoadable e) {
                return RulesCommand.EXIT_NOT_LOADABLE;
            }
            Reachability r = Reachability.of(policy);
            Who who = r.who();
            if (user != null || database != null) {
                String u = user == null ? null : r.userClass(user).label();
                String d = database == null ? null : r.databaseClass(database).label();
                java.util.function.Predicate<Who.Row> keep = row -> (u == null || row.users().contains("all")
                        || row.users().contains(u)) && (d == null || row.databases().contains("all")
                        || row.databases().contains(d) || row.physicalReplication());
                who = new Who(who.allowed().stream().filter(keep).toList(), who.rejected().stream().filter(keep)
                        .toList(), who.approximations());
            }
            PrintWriter out = cl.getOut();
            RuleReach target = null;
            if (ruleLine != null) {
                for (RuleReach rr : r.rules()) {
                    if (rr.rule().lineNumber() == ruleLine && rr.rule().file().equals(policy.config().path())) {
                        target = rr;
                    }
                }
                if (target == null) {
                    throw new CommandLine.ParameterException(cl, "--rule: no rule starts at line " + ruleLine + " of "
                            + file);
                }
                int idx = target.index();
                who = new Who(who.allowed().stream().filter(x -> x.ruleIndex() == idx).toList(),
                        who.rejected().stream().filter(x -> x.ruleIndex() == idx).toList(), who.approximations());
            }
            if (format.equals("json")) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("exact", r.exact());
                if (target != null) {
                    o.set("rule", rule(target.rule(), target.index()));
                    o.put("reached", target.reached());
                    ArrayNode by = o.putArray("shadowed_by");
                    for (int i : target.shadowedBy()) {
                        by.add(rule(policy.rules().get(i), i));
                    }
                }
                ArrayNode ap = o.putArray("approximations");
                who.approximations().forEach(ap::add);
                o.set("allowed", rows(who.allowed()));
                o.set("rejected", rows(who.rejected()));
                out.println(json(o));
            } else if (format.equals("text")) {
                if (target != null) {
                    out.println(target.rule().span() + ": " + target.rule().logicalText().strip());
                    out.println(target.reached() ? "reached by the requests below" : "no request reaches this rule");
                    for (int i : target.shadowedBy()) {
                        out.println("  earlier " + policy.rules().get(i).span() + " takes part of what it matches: "
                                + policy.rules().get(i).logicalText().strip());
                    }
                }
                out.print(who.format());
            } else {
                throw new CommandLine.ParameterException(cl, "--format must be text or json");
            }
            out.flush();
            return 0;
        }

        private static ArrayNode rows(List<Who.Row> rows) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (Who.Row row : rows) {
                ObjectNode o = a.addObject();
                ArrayNode u = o.putArray("users");
                row.users().forEach(u::add);
                ArrayNode d = o.putArray("databases");
                row.databases().forEach(d::add);
                o.set("networks", ranges(row.networks()));
                ArrayNode t = o.putArray("transports");
                row.transports().forEach(x -> t.add(x.label()));
                o.put("replication", row.physicalReplication());
                o.put("method", row.method().keyword());
                ArrayNode opts = o.putArray("options");
                row.rule().settings().viewOptions().forEach(opts::add);
                o.set("rule", rule(row.rule(), row.ruleIndex()));
            }
            return a;
        }
    }

    /** {@code pghba dead}. */
    @Command(name = "dead", mixinStandardHelpOptions = true,
            description = {"Rules no request can reach (with the earlier rules that take their requests), and rules "
                    + "that earlier rules partly shadow.",
                "Exit code: 0, 3 when the file would not load, 2 on usage errors."})
    static final class DeadCommand implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Parameters(paramLabel = "HBAFILE", arity = "0..1")
        String file;

        @Mixin
        CnpgInput cnpg = new CnpgInput();

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format = "text";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            Policy policy;
            try {
                policy = cnpg.active() ? cnpg.policy(cl, common, 0, cnpg.operatorVersion)
                        : load(cl, common, required(cl, file, "HBAFILE (or --cnpg MANIFEST)"));
            } catch (NotLoadable e) {
                return RulesCommand.EXIT_NOT_LOADABLE;
            }
            Reachability r = Reachability.of(policy);
            PrintWriter out = cl.getOut();
            List<HbaRule> rules = policy.rules();
            if (format.equals("json")) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("exact", r.exact());
                ArrayNode ap = o.putArray("approximations");
                r.approximations().forEach(ap::add);
                ArrayNode dead = o.putArray("dead");
                ArrayNode partly = o.putArray("partly_shadowed");
                for (RuleReach rr : r.rules()) {
                    if (rr.dead() || rr.partlyShadowed()) {
                        ObjectNode x = (rr.dead() ? dead : partly).addObject();
                        x.set("rule", rule(rr.rule(), rr.index()));
                        x.put("matches_anything", rr.matchesAnything());
                        ArrayNode by = x.putArray("shadowed_by");
                        rr.shadowedBy().forEach(i -> by.add(rule(rules.get(i), i)));
                    }
                }
                out.println(json(o));
            } else if (format.equals("text")) {
                boolean any = false;
                for (RuleReach rr : r.rules()) {
                    if (rr.dead()) {
                        any = true;
                        out.println(rr.rule().span() + ": dead: no request reaches `" + rr.rule().logicalText().strip()
                                + "`");
                        if (!rr.matchesAnything()) {
                            out.println("  it matches no request at all (e.g. hostgssenc without GSSAPI, or a "
                                    + "host name no name service gives)");
                        }
                        for (int i : rr.shadowedBy()) {
                            out.println("  covered by " + rules.get(i).span() + ": " + rules.get(i).logicalText().strip());
                        }
                    }
                }
                for (RuleReach rr : r.rules()) {
                    if (rr.partlyShadowed()) {
                        any = true;
                        out.println(rr.rule().span() + ": partly shadowed: `" + rr.rule().logicalText().strip() + "`");
                        for (int i : rr.shadowedBy()) {
                            out.println("  earlier " + rules.get(i).span() + " takes part of its requests: "
                                    + rules.get(i).logicalText().strip());
                        }
                    }
                }
                if (!any) {
                    out.println("Every rule is reached by some request, and none is shadowed.");
                }
                if (!r.exact()) {
                    out.println("Approximations:");
                    r.approximations().forEach(a -> out.println("  - " + a));
                }
            } else {
                throw new CommandLine.ParameterException(cl, "--format must be text or json");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code pghba diff}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Every set of requests that OLD and NEW decide differently (outcome, method or options; "
                    + "with --by-rule also the rule), each with an example request.",
                "Exit code: 0 when both decide every request alike, 1 when they differ, 3 when a file would not "
                    + "load, 2 on usage errors."})
    static final class DiffCommand implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Parameters(index = "0", paramLabel = "OLD", arity = "0..1")
        String oldFile;

        @Parameters(index = "1", paramLabel = "NEW", arity = "0..1")
        String newFile;

        @Mixin
        CnpgInput cnpg = new CnpgInput();

        @Option(names = "--old-operator-version", paramLabel = "V",
                description = "render the OLD manifest with this operator release (with one --cnpg and no files: "
                        + "the same manifest on both sides, to see what an operator upgrade changes)")
        String oldOperatorVersion;

        @Option(names = "--by-rule", description = "also report requests that move to another rule with the same "
                + "method and options")
        boolean byRule;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format = "text";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            Policy a;
            Policy b;
            try {
                List<String> files = new java.util.ArrayList<>();
                if (oldFile != null) {
                    files.add(oldFile);
                }
                if (newFile != null) {
                    files.add(newFile);
                }
                int manifests = cnpg.manifests.size();
                boolean upgrade = manifests == 1 && files.isEmpty() && oldOperatorVersion != null;
                if (manifests + files.size() != 2 && !upgrade) {
                    throw new CommandLine.ParameterException(cl, "diff compares two sides: OLD and NEW files, "
                            + "--cnpg manifests (the manifests first), or one --cnpg with --old-operator-version");
                }
                String oldVersion = oldOperatorVersion != null ? oldOperatorVersion : cnpg.operatorVersion;
                a = manifests > 0 ? cnpg.policy(cl, common, 0, oldVersion) : load(cl, common, files.get(0));
                b = upgrade ? cnpg.policy(cl, common, 0, cnpg.operatorVersion)
                        : manifests > 1 ? cnpg.policy(cl, common, 1, cnpg.operatorVersion)
                        : load(cl, common, files.get(files.size() - 1));
            } catch (NotLoadable e) {
                return RulesCommand.EXIT_NOT_LOADABLE;
            }
            PolicyDiff diff = PolicyDiff.between(a, b, byRule);
            PrintWriter out = cl.getOut();
            if (format.equals("json")) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("same", diff.same());
                ArrayNode ap = o.putArray("approximations");
                diff.approximations().forEach(ap::add);
                ArrayNode changes = o.putArray("changes");
                for (PolicyDiff.Change c : diff.changes()) {
                    ObjectNode x = changes.addObject();
                    x.put("example", c.example().toString());
                    x.put("description", c.describe());
                    c.before().ifPresentOrElse(r -> x.set("before", rule(r, a.rules().indexOf(r))),
                            () -> x.putNull("before"));
                    c.after().ifPresentOrElse(r -> x.set("after", rule(r, b.rules().indexOf(r))),
                            () -> x.putNull("after"));
                    ArrayNode regions = x.putArray("regions");
                    for (Region region : c.regions()) {
                        ObjectNode y = regions.addObject();
                        y.put("transport", region.transport().label());
                        y.put("replication", region.physicalReplication());
                        y.set("networks", ranges(region.addresses()));
                        ArrayNode names = y.putArray("names");
                        for (Region.NamePair p : region.names()) {
                            ObjectNode n = names.addObject();
                            n.put("user", p.user().label());
                            n.put("database", p.database().label());
                        }
                    }
                }
                out.println(json(o));
            } else if (format.equals("text")) {
                out.print(diff.format());
            } else {
                throw new CommandLine.ParameterException(cl, "--format must be text or json");
            }
            out.flush();
            return diff.same() ? 0 : 1;
        }
    }

    static String label(Transport t) {
        return t.label();
    }
}
