package io.github.pghba.cli;

import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by the commands that evaluate: version, environment, ident file. */
final class Common {
    @Option(names = "--pg-version", paramLabel = "N", defaultValue = "18",
            description = "PostgreSQL version: 13..18, or MAJOR.MINOR (default: ${DEFAULT-VALUE})")
    String pgVersion = "18";

    @Option(names = "--env", paramLabel = "ENV.json",
            description = "server settings, build features, roles, interfaces and hosts")
    Path env;

    @Option(names = "--ident", paramLabel = "FILE", description = "the pg_ident.conf for map= checks")
    Path ident;

    LoadOptions options(CommandLine cl) {
        PgVersion version;
        try {
            version = PgVersion.parse(pgVersion);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--pg-version: " + e.getMessage());
        }
        LoadOptions options = LoadOptions.defaults().withVersion(version);
        if (env != null) {
            try {
                options = EnvFile.apply(options, env);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "--env: " + e.getMessage());
            }
        }
        return options;
    }

    Environment environment(CommandLine cl) {
        if (env == null) {
            return Environment.defaults();
        }
        try {
            return EnvFile.environment(env);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "--env: " + e.getMessage());
        }
    }

    IdentMaps identMaps(CommandLine cl, LoadOptions options) {
        if (ident == null) {
            return IdentMaps.none(options.version());
        }
        try {
            IdentConfig c = HbaLoader.with(options).loadIdent(ident.toString());
            for (var d : c.diagnostics()) {
                cl.getErr().println(d.format());
            }
            return IdentMaps.of(c);
        } catch (FileSourceException e) {
            throw new CommandLine.ParameterException(cl, "--ident: cannot read " + ident + ": " + e.errno().strerror());
        }
    }
}
