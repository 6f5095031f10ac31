package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.cluster.ClusterNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.media.MediaHub;
import io.evex.runtime.process.PreprocessFilter;
import io.evex.runtime.reconfig.Reconfiguration;
import io.evex.schemas.EventCatalog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ApiHost} with no video and no exporter: the routes that need neither (events in,
 * metadata, tokens) are tested on it without starting a runtime. Its channels are made but never
 * started (they have a name and no frames). What the API publishes is kept in {@link #published}
 * and shown to the API as the bus would.
 */
final class FakeApiHost implements ApiHost {

    final List<ObjectNode> published = new CopyOnWriteArrayList<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final EventCatalog catalog = EventCatalog.load();
    private final EventBus bus = new EventBus(List.of(), catalog.converters(), false);
    private volatile Api api;

    /** The API that sees what this host publishes (as the bus's tap shows it every event). */
    void serving(Api served) {
        this.api = served;
    }

    @Override
    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    @Override
    public EventBus bus() {
        return bus;
    }

    @Override
    public EventSink publisher() {
        return event -> {
            published.add(event);
            api.seen(event);
        };
    }

    @Override
    public EventCatalog catalog() {
        return catalog;
    }

    @Override
    public Reconfiguration reconfiguration() {
        throw new UnsupportedOperationException("no reconfiguration on a fake host");
    }

    @Override
    public Map<String, ExporterKind> kinds() {
        return Map.of();
    }

    @Override
    public ClusterSettings cluster() {
        return null;
    }

    @Override
    public ClusterNode.Definitions channelDefinitions() {
        return (entry, source) -> {
            throw new UnsupportedOperationException("no cluster on a fake host");
        };
    }

    @Override
    public List<PreprocessFilter> filters() {
        return List.of();
    }

    @Override
    public MediaHub media() {
        return null;
    }
}
