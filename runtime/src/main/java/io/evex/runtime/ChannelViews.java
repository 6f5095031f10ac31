package io.evex.runtime;

import io.evex.api.ChannelView;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ObjectSettings;
import java.util.List;

/** The running channels as exporters see them ({@code ExporterContext.channels()}): names, zones, lines, motion. */
final class ChannelViews {

    private ChannelViews() {}

    static List<ChannelView> of(List<Channel> channels) {
        return channels.stream()
                .map(c -> new ChannelView(
                        c.name(),
                        c.settings().objects().zones().stream()
                                .map(ObjectSettings.ZoneSpec::name)
                                .toList(),
                        c.settings().objects().lines().stream()
                                .map(ObjectSettings.LineSpec::name)
                                .toList(),
                        c.settings().motion().enabled()))
                .toList();
    }
}
