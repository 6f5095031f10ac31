package io.evex.runtime;

import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which exporters each channel feeds, for the channels that name them. */
final class ChannelFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFeeds.class);

    private ChannelFeeds() {}

    /**
     * The channels that name the exporters they feed; a name that is no configured exporter is
     * said once (the channel then feeds only the others it names).
     */
    static Map<String, List<String>> of(RuntimeConfig config) {
        Map<String, List<String>> feeds = new LinkedHashMap<>();
        Set<String> exporters = new HashSet<>();
        config.exporters().forEach(e -> exporters.add(e.name()));
        for (ChannelSettings c : config.channels()) {
            if (!c.exporters().isEmpty()) {
                feeds.put(c.name(), c.exporters());
                c.exporters().stream()
                        .filter(name -> !exporters.contains(name))
                        .forEach(name ->
                                LOG.warn("channel '{}' names exporter '{}', which is not configured", c.name(), name));
            }
        }
        return feeds;
    }
}
