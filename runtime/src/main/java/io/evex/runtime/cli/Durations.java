package io.evex.runtime.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A duration option ({@code --duration 30s}); a bare number, as before, is seconds. */
final class Durations {
    private Durations() {}

    /** @throws ParameterException (a usage error, exit 2) naming the option */
    static Duration option(CommandSpec spec, String name, String text) {
        try {
            String t = text.trim();
            Duration d = io.evex.api.Durations.parse(t.matches("[0-9]+(\\.[0-9]+)?") ? t + "s" : t);
            if (d.isZero()) {
                throw new IllegalArgumentException("'" + text + "' is no time at all");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage());
        }
    }
}
