package io.github.pghba.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.view.DatabaseEncoding;
import io.github.pghba.view.FileViews;
import io.github.pghba.view.HbaFileRule;
import io.github.pghba.view.IdentFileMapping;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pghba rules}: the pg_hba_file_rules view of files, offline. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Shows the rows PostgreSQL's pg_hba_file_rules view gives for each FILE, and whether "
                + "PostgreSQL would load it.",
            "Exit code: 0 when every file would load, 3 when one would not, 2 on usage errors."})
final class RulesCommand implements Callable<Integer> {
    static final int EXIT_NOT_LOADABLE = 3;

    enum Format { text, json, jsonl }

    @Option(names = "--pg-version", paramLabel = "N", description = "PostgreSQL version: 13..18, or MAJOR.MINOR "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "18")
    String pgVersion = "18";

    @Option(names = "--env", paramLabel = "ENV.json", description = "server settings and build features")
    Path env;

    @Option(names = "--format", description = "text, json or jsonl (default: ${DEFAULT-VALUE})", defaultValue = "text")
    Format format = Format.text;

    @Option(names = "--ident", paramLabel = "FILE", description = "also read this pg_ident.conf (pg_ident_file_mappings)")
    Path ident;

    /** The encoding of the database the views are read in. */
    enum Encoding { utf8, single_byte }

    @Option(names = "--database-encoding", paramLabel = "ENC", description = "encoding of the database the view is "
            + "read in: utf8 or single_byte (SQL_ASCII, LATIN1...); it changes how regexes with non-ASCII bytes "
            + "compile in the view, never what loads (default: ${DEFAULT-VALUE})", defaultValue = "utf8")
    Encoding databaseEncoding = Encoding.utf8;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pg_hba.conf files")
    List<String> files = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PgVersion version;
        try {
            version = PgVersion.parse(pgVersion);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pg-version: " + e.getMessage());
        }
        LoadOptions options = LoadOptions.defaults().withVersion(version);
        if (env != null) {
            try {
                options = EnvFile.apply(options, env);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--env: " + e.getMessage());
            }
        }
        HbaLoader loader = HbaLoader.with(options);
        IdentConfig identConfig = null;
        if (ident != null) {
            try {
                identConfig = loader.loadIdent(ident.toString());
            } catch (FileSourceException e) {
                err.println("pghba: cannot read " + ident + ": " + e.errno().strerror());
                return Main.EXIT_USAGE;
            }
        }
        boolean allLoad = true;
        List<HbaConfig> configs = new ArrayList<>();
        for (String file : files) {
            try {
                configs.add(loader.loadHba(file));
            } catch (FileSourceException e) {
                err.println("pghba: cannot read " + file + ": " + e.errno().strerror());
                return Main.EXIT_USAGE;
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        int major = version.major();
        switch (format) {
            case text -> {
                for (HbaConfig c : configs) {
                    if (configs.size() > 1) {
                        out.println("== " + c.path());
                    }
                    out.print(TextTable.hbaRules(FileViews.hbaFileRules(c, encoding()), major));
                    printDiagnostics(out, c.diagnostics());
                    out.println(c.loadable() ? "PostgreSQL " + version + " would load " + c.path() + " ("
                            + c.rules().size() + " rules)."
                            : "PostgreSQL " + version + " would NOT load " + c.path() + ": "
                                    + c.errors().size() + " error(s).");
                }
                if (identConfig != null) {
                    out.println("== " + identConfig.path() + " (pg_ident_file_mappings)");
                    out.print(TextTable.identMappings(FileViews.identFileMappings(identConfig, encoding()), major));
                    printDiagnostics(out, identConfig.diagnostics());
                }
            }
            case json -> {
                mapper.enable(SerializationFeature.INDENT_OUTPUT);
                try {
                    if (configs.size() == 1 && identConfig == null) {
                        out.println(mapper.writeValueAsString(hbaRows(configs.get(0), major)));
                    } else {
                        ArrayNode all = JsonNodeFactory.instance.arrayNode();
                        for (HbaConfig c : configs) {
                            all.add(fileObject(c, identConfig, major));
                        }
                        out.println(mapper.writeValueAsString(configs.size() == 1 ? all.get(0) : all));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                for (HbaConfig c : configs) {
                    printDiagnostics(err, c.diagnostics());
                }
            }
            case jsonl -> {
                try {
                    for (HbaConfig c : configs) {
                        out.println(mapper.writeValueAsString(fileObject(c, identConfig, major)));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (HbaConfig c : configs) {
            allLoad &= c.loadable();
        }
        out.flush();
        return allLoad ? 0 : EXIT_NOT_LOADABLE;
    }

    private static void printDiagnostics(PrintWriter w, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            w.println(d.format());
        }
    }

    private ObjectNode fileObject(HbaConfig c, IdentConfig identConfig, int major) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", c.path());
        o.set("rows", hbaRows(c, major));
        if (identConfig != null) {
            o.set("ident_rows", identRows(identConfig, major));
        }
        o.put("loads", c.loadable());
        ArrayNode diags = o.putArray("diagnostics");
        for (Diagnostic d : c.diagnostics()) {
            diags.add(Json.diagnostic(d));
        }
        return o;
    }

    ArrayNode hbaRows(HbaConfig c, int major) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (HbaFileRule r : FileViews.hbaFileRules(c, encoding())) {
            rows.add(Json.columns(r.columns(major)));
        }
        return rows;
    }

    ArrayNode identRows(IdentConfig c, int major) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (IdentFileMapping r : FileViews.identFileMappings(c, encoding())) {
            rows.add(Json.columns(r.columns(Math.max(major, 15))));
        }
        return rows;
    }

    private DatabaseEncoding encoding() {
        return databaseEncoding == Encoding.utf8 ? DatabaseEncoding.UTF8 : DatabaseEncoding.SINGLE_BYTE;
    }
}
