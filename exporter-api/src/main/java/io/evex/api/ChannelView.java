package io.evex.api;

import java.util.List;

/**
 * A channel as exporters may know it: its name and the rules drawn on it, so that an exporter can
 * announce what the channel will report (Home Assistant entities) before any event comes.
 *
 * @param zones the zones' names, in the configuration's order
 * @param lines the lines' names
 * @param motion whether the channel reports motion
 * @since 0.9
 */
public record ChannelView(String name, List<String> zones, List<String> lines, boolean motion) {

    public ChannelView {
        zones = List.copyOf(zones);
        lines = List.copyOf(lines);
    }
}
