package io.evex.runtime.cli;

/** Entry point of the {@code evex} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        EvexCommand.configureLogging(args);
        System.exit(EvexCommand.execute(args));
    }
}
