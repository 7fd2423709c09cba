package io.github.pghba.examples;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.HbaRule;

/**
 * Checks a pg_hba.conf the way a PostgreSQL server would before a reload: prints every rule, every
 * problem with its position, and whether the server would accept the file.
 *
 * <pre>java io.github.pghba.examples.CheckFile files/hardening-guide/pg_hba.conf 16</pre>
 */
public final class CheckFile {
    private CheckFile() {}

    /** Returns 0 when the file would load, 1 when it would not. */
    public static int check(String path, PgVersion version, StringBuilder out) throws FileSourceException {
        HbaConfig config = HbaLoader.with(LoadOptions.defaults().withVersion(version)).loadHba(path);
        for (HbaRule rule : config.rules()) {
            out.append(rule.span()).append(": ").append(rule.connectionType().keyword()).append(' ')
                    .append(rule.databases()).append(' ').append(rule.users()).append(' ')
                    .append(rule.address().map(Object::toString).orElse("-")).append(" -> ")
                    .append(rule.method().keyword()).append('\n');
        }
        for (Diagnostic d : config.diagnostics()) {
            out.append(d.format()).append('\n');
        }
        out.append(config.loadable() ? "loads" : "does not load").append(" on PostgreSQL ").append(version).append('\n');
        return config.loadable() ? 0 : 1;
    }

    /** Entry point: {@code CheckFile FILE [MAJOR]}. */
    public static void main(String[] args) throws FileSourceException {
        if (args.length < 1) {
            System.err.println("usage: CheckFile FILE [MAJOR]");
            System.exit(2);
        }
        PgVersion version = args.length > 1 ? PgVersion.parse(args[1]) : PgVersion.LATEST;
        StringBuilder out = new StringBuilder();
        int code = check(args[0], version, out);
        System.out.print(out);
        System.exit(code);
    }
}
