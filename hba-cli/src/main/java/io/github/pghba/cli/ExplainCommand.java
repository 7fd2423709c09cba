package io.github.pghba.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RuleCheck;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pghba explain}: one decision with the full explanation. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Shows which rule of HBAFILE one connection hits, and why every earlier rule did not match.",
            "Exit code: 0 when a non-reject rule matches, 1 when the connection is rejected (explicitly or by no "
                + "match), 3 when the file would not load, 2 on usage errors."})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    Common common = new Common();

    @Parameters(paramLabel = "HBAFILE", arity = "0..1", description = "the pg_hba.conf (or --cnpg MANIFEST)")
    String hbaFile;

    @Mixin
    CnpgInput cnpg = new CnpgInput();

    static final class Where {
        @Option(names = "--host", paramLabel = "ADDR", required = true, description = "a TCP connection from ADDR")
        String host;

        @Option(names = "--local", required = true, description = "a Unix-socket connection")
        boolean local;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Enc {
        @Option(names = "--ssl", description = "the connection uses TLS")
        boolean ssl;

        @Option(names = "--gss", description = "the connection uses GSSAPI encryption")
        boolean gss;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Enc enc;

    @Option(names = "--replication", paramLabel = "physical|logical", description = "a replication connection")
    String replication;

    @Option(names = "--user", required = true, description = "the user name")
    String user;

    @Option(names = "--database", description = "the database name (default: the user name)")
    String database;

    @Option(names = "--system-user", paramLabel = "NAME",
            description = "the identity the method establishes (OS user, ident answer, principal; certificate CN/DN "
                    + "for cert when --client-certificate is not given)")
    String systemUser;

    @Option(names = "--client-certificate", paramLabel = "NAME",
            description = "the client certificate's CN, or its DN in RFC 2253 form with clientname=DN (cert, and "
                    + "clientcert=verify-full on any method)")
    String clientCertificate;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})", defaultValue = "text")
    String format = "text";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        LoadOptions options = common.options(cl);
        ConnectionRequest r;
        try {
            r = where.local ? ConnectionRequest.local() : ConnectionRequest.host(where.host);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--host: " + e.getMessage());
        }
        r = r.user(user);
        if (database != null) {
            r = r.database(database);
        }
        if (enc != null) {
            r = enc.ssl ? r.ssl() : r.gss();
        }
        if (replication != null) {
            r = r.replication(switch (replication) {
                case "physical" -> Replication.PHYSICAL;
                case "logical" -> Replication.LOGICAL;
                default -> throw new CommandLine.ParameterException(cl, "--replication must be physical or logical");
            });
        }
        if (systemUser != null) {
            r = r.systemUser(systemUser);
        }
        if (clientCertificate != null) {
            r = r.clientCertificate(clientCertificate);
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(cl, "--format must be text or json");
        }
        Policy policy;
        io.github.pghba.cnpg.CnpgSource source = null;
        if (cnpg.active()) {
            source = cnpg.source(cl, common, 0, cnpg.operatorVersion);
            policy = Policy.compile(source.hba(), cnpg.identMaps(cl, common, source), common.environment(cl));
        } else try {
            policy = Policy.compile(HbaLoader.with(options).loadHba(AnalysisCommands.required(cl, hbaFile,
                    "HBAFILE (or --cnpg MANIFEST)")), common.identMaps(cl, options), common.environment(cl));
        } catch (FileSourceException e) {
            cl.getErr().println("pghba: cannot read " + hbaFile + ": " + e.errno().strerror());
            return Main.EXIT_USAGE;
        }
        Decision d = policy.explain(r);
        if (format.equals("json")) {
            ObjectNode o = EvalCommand.decision(d);
            if (source != null && d.rule().isPresent()) {
                o.put("origin", source.origin(d.rule().get().lineNumber()));
            }
            o.put("request", r.toString());
            ArrayNode tried = o.putArray("explanation");
            for (RuleCheck c : d.explanation()) {
                ObjectNode e = tried.addObject();
                e.put("file", c.rule().file());
                e.put("line", c.rule().lineNumber());
                e.put("rule_number", c.ruleNumber());
                e.put("matched", c.matched());
                if (c.failed().isPresent()) {
                    e.put("failed", c.failed().get().name().toLowerCase(Locale.ROOT));
                    e.put("reason", c.reason());
                }
            }
            ArrayNode errors = o.putArray("load_errors");
            d.loadErrors().forEach(x -> errors.add(Json.diagnostic(x)));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            out.print(d.format());
            if (source != null && d.rule().isPresent()) {
                out.println("The rule comes from " + source.origin(d.rule().get().lineNumber()) + ".");
            }
        }
        out.flush();
        return switch (d.outcome()) {
            case MATCHED -> 0;
            case REJECTED, NO_MATCH -> 1;
            case INVALID_FILE -> RulesCommand.EXIT_NOT_LOADABLE;
        };
    }
}
