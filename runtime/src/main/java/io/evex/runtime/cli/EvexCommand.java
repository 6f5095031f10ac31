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
            EventsCommand.class,
            SpoolCommand.class,
            AiServerCommand.class,
            ChannelsCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 run-time failure.",
            "Logging: --log-format=json (or EVEX_LOG_FORMAT=json) for JSON logs; --log-level=DEBUG (or EVEX_LOG_LEVEL) for more. Both go before or after the command name."
        })
public final class EvexCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The log formats of stderr. */
    enum LogFormat {
        text,
        json
    }

    /** The log levels, most to least detailed. */
    enum LogLevel {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    // Inherited: every command takes them too, before or after its name (read early by configureLogging).
    @CommandLine.Option(
            names = "--log-format",
            paramLabel = "text|json",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Log format on stderr: ${COMPLETION-CANDIDATES} (default text, or EVEX_LOG_FORMAT).")
    LogFormat logFormat;

    @CommandLine.Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Least level logged: ${COMPLETION-CANDIDATES} (default INFO, or EVEX_LOG_LEVEL).")
    LogLevel logLevel;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code; errors become messages, not stack traces. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new EvexCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, parsed) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            c.getErr().println("evex: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
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

    /**
     * Reads logging choices before anything logs (logback configures itself on first use), wherever
     * they stand on the command line; picocli checks their values afterwards.
     */
    public static void configureLogging(String[] args) {
        String format = option(args, "--log-format", System.getenv().getOrDefault("EVEX_LOG_FORMAT", "text"));
        String level = option(args, "--log-level", System.getenv().getOrDefault("EVEX_LOG_LEVEL", "INFO"));
        System.setProperty("evex.log.format", format.equalsIgnoreCase("json") ? "json" : "text");
        System.setProperty("evex.log.level", level.toUpperCase(java.util.Locale.ROOT));
        // Libraries that log with java.util.logging (Paho) go through the same log, its format and levels.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    private static String option(String[] args, String name, String otherwise) {
        String value = otherwise;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].startsWith(name + "=")) {
                value = args[i].substring(name.length() + 1);
            } else if (args[i].equals(name) && i + 1 < args.length) {
                value = args[i + 1];
            }
        }
        return value;
    }
}
