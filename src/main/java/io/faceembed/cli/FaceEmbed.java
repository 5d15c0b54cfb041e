package io.faceembed.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code faceembed}: the top-level command. Each verb is a subcommand added in {@link #commandLine}; errors in
 * options come out as one line naming the option, with exit code 2.
 */
@Command(name = "faceembed", mixinStandardHelpOptions = true, version = "faceembed 0.1.0",
        description = "Face embeddings for large folder-per-person image collections, on Apache Spark.",
        subcommands = {CommandLine.HelpCommand.class})
public final class FaceEmbed implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new FaceEmbed());
        cl.addSubcommand("embed", EmbedCommand.commandLine(out, err));
        cl.addSubcommand("eval", new EvalCommand());
        cl.addSubcommand("models", new ModelsCommand());
        cl.addSubcommand("audit", new AuditCommand());
        cl.addSubcommand("search", new SearchCommand());
        cl.addSubcommand("verify", new VerifyCommand());
        cl.addSubcommand("bench", new BenchCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String verb = ex.getCommandLine().getCommandName();
            err.println(("faceembed".equals(verb) ? "faceembed: " : "faceembed " + verb + ": ") + firstLine(ex.getMessage())
                    + " (see --help)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("faceembed " + cmd.getCommandName() + ": " + firstLine(String.valueOf(ex.getMessage())));
            if (java.util.Arrays.asList(parsed.originalArgs().toArray()).contains("--verbose")) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for details)");
            }
            return EXIT_FAILED;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. embed");
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
