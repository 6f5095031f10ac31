package io.evex.runtime.config;

import java.util.List;

/**
 * The built-in synthetic event source, the embedded default until video channels exist.
 *
 * @param channels names of the simulated channels
 * @param eventsPerSecond the target rate over all channels
 */
public record SourceConfig(List<String> channels, double eventsPerSecond) {

    public static final SourceConfig DEFAULT = new SourceConfig(List.of("lobby", "dock"), 20);
}
