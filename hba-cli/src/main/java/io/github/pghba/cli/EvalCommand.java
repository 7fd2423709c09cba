package io.github.pghba.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pghba eval}: decisions for a stream of connection requests. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates connection requests (JSON lines) against pg_hba.conf and prints one JSON line per "
                + "request, in order: {\"id\", \"outcome\", \"method\", \"file\", \"line\", \"rule_number\", "
                + "\"message\"}.",
            "Request keys: id, type (local|host), encryption (none|ssl|gss), database, user, address, replication "
                + "(none|physical|logical), system_user, client_certificate, hba (a pg_hba.conf relative to the "
                + "requests file; overrides HBAFILE).",
            "Exit code: 0, or 2 on usage errors and malformed requests."})
final class EvalCommand implements Callable<Integer> {
    private static final Set<String> KEYS = Set.of("id", "type", "encryption", "database", "user", "address",
            "replication", "system_user", "client_certificate", "hba");

    @Mixin
    Common common = new Common();

    @Option(names = "--requests", paramLabel = "REQ.jsonl", required = true, description = "the requests, one JSON "
            + "object per line ('-' for standard input)")
    String requests;

    @Parameters(paramLabel = "HBAFILE", arity = "0..1", description = "the pg_hba.conf (unless every request names one)")
    String hbaFile;

    @Mixin
    CnpgInput cnpg = new CnpgInput();

    private Policy cnpgPolicy;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        LoadOptions options = common.options(cl);
        Environment env = common.environment(cl);
        IdentMaps maps = common.identMaps(cl, options);
        HbaLoader loader = HbaLoader.with(options);
        Map<String, Policy> policies = new HashMap<>();
        Path base = requests.equals("-") ? Path.of("") : Path.of(requests).toAbsolutePath().getParent();
        ObjectMapper mapper = new ObjectMapper();
        int status = 0;
        try (BufferedReader in = requests.equals("-")
                ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(requests), StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode req;
                ConnectionRequest r;
                String file;
                try {
                    req = mapper.readTree(line);
                    r = request(req);
                    file = req.hasNonNull("hba") ? base.resolve(req.get("hba").asText()).normalize().toString() : hbaFile;
                    if (file == null && !cnpg.active()) {
                        throw new IllegalArgumentException("no \"hba\" in the request and no HBAFILE given");
                    }
                } catch (IOException | IllegalArgumentException e) {
                    err.println("pghba: " + requests + ":" + lineNo + ": " + e.getMessage());
                    status = Main.EXIT_USAGE;
                    continue;
                }
                if (file == null && cnpgPolicy == null) {
                    io.github.pghba.cnpg.CnpgSource s = cnpg.source(cl, common, 0, cnpg.operatorVersion);
                    cnpgPolicy = Policy.compile(s.hba(), cnpg.identMaps(cl, common, s), env);
                }
                Policy policy = file == null ? cnpgPolicy : policies.get(file);
                if (policy == null) {
                    try {
                        policy = Policy.compile(loader.loadHba(file), maps, env);
                    } catch (FileSourceException e) {
                        err.println("pghba: " + requests + ":" + lineNo + ": cannot read " + file + ": "
                                + e.errno().strerror());
                        status = Main.EXIT_USAGE;
                        continue;
                    }
                    policies.put(file, policy);
                }
                Decision d = policy.evaluate(r);
                ObjectNode o = decision(d);
                o.set("id", req.has("id") ? req.get("id") : JsonNodeFactory.instance.numberNode(lineNo));
                ObjectNode ordered = JsonNodeFactory.instance.objectNode();
                ordered.set("id", o.get("id"));
                o.remove("id");
                ordered.setAll(o);
                out.println(mapper.writeValueAsString(ordered));
            }
        }
        out.flush();
        return status;
    }

    static ObjectNode decision(Decision d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("outcome", d.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (d.method().isPresent()) {
            o.put("method", d.method().get().keyword());
        } else {
            o.putNull("method");
        }
        if (d.rule().isPresent()) {
            o.put("file", d.rule().get().file());
            o.put("line", d.rule().get().lineNumber());
            o.put("rule_number", d.ruleNumber());
        } else {
            o.putNull("file");
            o.putNull("line");
            o.putNull("rule_number");
        }
        if (d.message().isPresent()) {
            o.put("message", d.message().get());
        } else {
            o.putNull("message");
        }
        d.settings().ifPresent(s -> {
            var a = o.putArray("options");
            s.viewOptions().forEach(a::add);
        });
        d.identity().ifPresent(i -> {
            ObjectNode id = o.putObject("ident");
            id.put("admitted", i.admitted());
            i.line().ifPresent(l -> {
                id.put("file", l.span().file());
                id.put("line", l.lineNumber());
            });
            i.log().ifPresent(l -> id.put("log", l));
        });
        return o;
    }

    static ConnectionRequest request(JsonNode req) {
        if (!req.isObject()) {
            throw new IllegalArgumentException("a request must be a JSON object");
        }
        for (Iterator<String> it = req.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown request key \"" + k + "\"");
            }
        }
        String type = text(req, "type", "host");
        ConnectionRequest r;
        if (type.equals("local")) {
            r = ConnectionRequest.local();
        } else if (type.equals("host")) {
            r = ConnectionRequest.host(text(req, "address", "127.0.0.1"));
        } else {
            throw new IllegalArgumentException("\"type\" must be local or host, not \"" + type + "\"");
        }
        if (!req.hasNonNull("user")) {
            throw new IllegalArgumentException("\"user\" is required");
        }
        if (req.get("user").asText().isEmpty()) {
            // the server ends such a connection before it reads pg_hba.conf
            throw new IllegalArgumentException("\"user\" is empty: PostgreSQL refuses the connection with "
                    + "\"no PostgreSQL user name specified in startup packet\"");
        }
        r = r.user(req.get("user").asText());
        if (req.hasNonNull("database")) {
            r = r.database(req.get("database").asText());
        }
        r = r.encryption(switch (text(req, "encryption", "none")) {
            case "none" -> Encryption.NONE;
            case "ssl" -> Encryption.SSL;
            case "gss" -> Encryption.GSS;
            default -> throw new IllegalArgumentException("\"encryption\" must be none, ssl or gss");
        });
        r = r.replication(switch (text(req, "replication", "none")) {
            case "none", "false" -> Replication.NONE;
            case "physical", "true" -> Replication.PHYSICAL;
            case "logical", "database" -> Replication.LOGICAL;
            default -> throw new IllegalArgumentException("\"replication\" must be none, physical or logical");
        });
        if (req.hasNonNull("client_certificate")) {
            r = r.clientCertificate(req.get("client_certificate").asText());
        }
        if (req.hasNonNull("system_user")) {
            r = r.systemUser(req.get("system_user").asText());
        }
        return r;
    }

    private static String text(JsonNode n, String key, String dflt) {
        return n.hasNonNull(key) ? n.get(key).asText() : dflt;
    }
}
