package io.evex.runtime.cli;

import io.evex.schemas.ProblemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code evex} command and its sub-commands. */
@Command(
        name = "evex",
        mixinStandardHelpOptions = true,
        version = "evex 0.1.0",
        description = "Turns video analytics into versioned events and exports them anywhere.",
        subcommands = {
            RunCommand.class,
            ReplayCommand.class,
            ValidateCommand.class,
            SchemasCommand.class,
            ExportersCommand.class,
            AiServerCommand.class,
            ChannelsCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 run-time failure.",
            "Logging: --log-format=json or EVEX_LOG_FORMAT=json for JSON logs; EVEX_LOG_LEVEL=DEBUG for more."
        })
public final class EvexCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--log-format",
            paramLabel = "text|json",
            description = "Log format on stderr (default text).")
    String logFormat;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code; errors become messages, not stack traces. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new EvexCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ProblemException p) {
                p.problems().forEach(problem -> commandLine.getErr().println("error: " + problem));
                return ExitCodes.INVALID_INPUT;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            }
            commandLine.getErr().println("error: " + e);
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }

    /** Reads logging choices before anything logs (logback configures itself on first use). */
    public static void configureLogging(String[] args) {
        String format = System.getenv().getOrDefault("EVEX_LOG_FORMAT", "text");
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--log-format=")) {
                format = args[i].substring("--log-format=".length());
            } else if (args[i].equals("--log-format") && i + 1 < args.length) {
                format = args[i + 1];
            }
        }
        System.setProperty("evex.log.format", format.equals("json") ? "json" : "text");
        System.setProperty("evex.log.level", System.getenv().getOrDefault("EVEX_LOG_LEVEL", "INFO"));
    }
}
