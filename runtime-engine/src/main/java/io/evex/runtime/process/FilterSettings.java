package io.evex.runtime.process;

import io.evex.api.ShellWords;
import io.evex.api.delivery.Backoff;
import java.nio.file.Path;
import java.util.List;

/**
 * A preprocess filter: a program that gets every event of its channels on stdin (NUL-framed, as
 * exporters do) and answers each with exactly one JSON reply on stdout, per line or per NUL: the
 * event (possibly changed), an array of events, or {@code []} / {@code null} to drop it.
 *
 * @param command the program and its arguments
 * @param directory where it runs
 * @param channels the channels it filters; empty = all
 * @param passOnError on garbage, a crash or a timeout: pass the event on unfiltered (true) or drop it
 * @param timeoutMs how long a reply may take before the filter is considered hung and restarted
 * @param restart the back-off between starts of the program (it starts over after a good reply)
 */
public record FilterSettings(
        List<String> command,
        Path directory,
        List<String> channels,
        boolean passOnError,
        long timeoutMs,
        Backoff restart) {

    /** The reply timeout unless configured. */
    public static final long DEFAULT_TIMEOUT_MS = 2_000;

    /** Restarts unless configured: 0.5 s doubling to 30 s, as for exporter programs. */
    public static final Backoff DEFAULT_RESTART = DescriptorLoader.DEFAULT_RESTART;

    /** A filter with the default time-out and restart back-off. */
    public FilterSettings(List<String> command, Path directory, List<String> channels, boolean passOnError) {
        this(command, directory, channels, passOnError, DEFAULT_TIMEOUT_MS, DEFAULT_RESTART);
    }

    public boolean covers(String channel) {
        return channels.isEmpty() || channels.contains(channel);
    }

    /** Parses a command string as a descriptor's command is parsed. */
    public static List<String> splitCommand(String command) {
        return ShellWords.split(command);
    }
}
