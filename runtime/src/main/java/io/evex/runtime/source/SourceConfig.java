package io.evex.runtime.source;

import java.util.List;

/**
 * The synthetic event source: made-up events of every type, to try exporters without video.
 * Runs only when asked for (a {@code source} section, or {@code evex run --synthetic}).
 *
 * @param channels names of the simulated channels
 * @param eventsPerSecond the target rate over all channels
 */
public record SourceConfig(List<String> channels, double eventsPerSecond) {

    public static final SourceConfig DEFAULT = new SourceConfig(List.of("lobby", "dock"), 20);
}
