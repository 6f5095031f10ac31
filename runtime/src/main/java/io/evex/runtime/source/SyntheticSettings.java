package io.evex.runtime.source;

import java.util.List;

/**
 * The synthetic event source: made-up events of every type, to try exporters without video.
 * Runs only when asked for (a {@code source} section, or {@code evex run --synthetic}).
 *
 * @param channels names of the simulated channels
 * @param eventsPerSecond the target rate over all channels
 */
public record SyntheticSettings(List<String> channels, double eventsPerSecond) {

    public static final SyntheticSettings DEFAULT = new SyntheticSettings(List.of("lobby", "dock"), 20);
}
