package io.evex.runtime.bus.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channels whose events one exporter gets: those it lists ({@code exporters[].channels}, none =
 * all), less those that list other exporters only ({@code channels[].exporters}). Checked by the
 * bus only for routes where some exporter is scoped, so unscoped runs pay nothing per event.
 *
 * @param only the channels the exporter lists, or null for all
 * @param denied channels that feed only other exporters
 */
public record ChannelScope(Set<String> only, Set<String> denied) {

    /** Every channel. */
    public static final ChannelScope ALL = new ChannelScope(null, Set.of());

    /**
     * The scope of exporter {@code exporter}.
     *
     * @param listed the channels the exporter's configuration lists (empty = all)
     * @param feeds for each channel that lists the exporters it feeds, that list
     */
    public static ChannelScope of(
            String exporter, Collection<String> listed, Map<String, ? extends Collection<String>> feeds) {
        Set<String> denied = new TreeSet<>();
        feeds.forEach((channel, exporters) -> {
            if (!exporters.contains(exporter)) {
                denied.add(channel);
            }
        });
        ChannelScope scope = new ChannelScope(listed.isEmpty() ? null : Set.copyOf(listed), Set.copyOf(denied));
        return scope.isAll() ? ALL : scope;
    }

    /** Whether events of {@code channel} go to the exporter. */
    public boolean allows(String channel) {
        return (only == null || only.contains(channel)) && !denied.contains(channel);
    }

    /** Whether no channel is left out. */
    public boolean isAll() {
        return only == null && denied.isEmpty();
    }
}
