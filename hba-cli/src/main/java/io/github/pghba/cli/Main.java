package io.github.pghba.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pghba} command. */
@Command(name = "pghba", mixinStandardHelpOptions = true, version = "pghba 0.1.0",
        description = "Reads PostgreSQL's pg_hba.conf and pg_ident.conf exactly as PostgreSQL 13-18 does.",
        subcommands = {RulesCommand.class, EvalCommand.class, ExplainCommand.class, AnalysisCommands.WhoCommand.class,
            AnalysisCommands.DeadCommand.class, AnalysisCommands.DiffCommand.class, LintCommand.class, CnpgCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code: usage error. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try: pghba rules FILE)");
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("pghba: " + ex.getMessage());
            err.println("Usage: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return EXIT_USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Entry point. */
    public static void main(String[] args) {
        java.io.PrintWriter out = new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true);
        java.io.PrintWriter err = new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(execute(args, out, err));
    }
}
