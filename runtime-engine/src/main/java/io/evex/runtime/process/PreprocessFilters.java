package io.evex.runtime.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventSink;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The preprocess filters of a runtime, in configuration order, as one {@link EventSink}: an event
 * goes through the first filter that covers its channel, or straight on when none does.
 */
public final class PreprocessFilters implements EventSink, AutoCloseable {

    private final List<FilterSettings> settings;
    private final List<PreprocessFilter> filters = new ArrayList<>();
    private final EventSink downstream;

    /** Starts one filter program per entry of {@code settings}, each passing its answers to {@code downstream}. */
    public PreprocessFilters(
            List<FilterSettings> settings, EventCatalog catalog, EventSink downstream, ProcessHost host) {
        this.settings = List.copyOf(settings);
        this.downstream = downstream;
        for (int i = 0; i < this.settings.size(); i++) {
            filters.add(new PreprocessFilter("preprocess-" + (i + 1), this.settings.get(i), catalog, downstream, host)
                    .start());
        }
    }

    /** Where producers hand their events: {@code downstream} itself when there is no filter. */
    public EventSink entry() {
        return filters.isEmpty() ? downstream : this;
    }

    @Override
    public void accept(ObjectNode event) {
        String channel = event.path("channel").asText();
        for (int i = 0; i < filters.size(); i++) {
            if (settings.get(i).covers(channel)) {
                filters.get(i).accept(event);
                return;
            }
        }
        downstream.accept(event);
    }

    /** The running filters, in configuration order. */
    public List<PreprocessFilter> list() {
        return List.copyOf(filters);
    }

    /** Lets each filter answer what it has, then ends it. */
    @Override
    public void close() {
        filters.forEach(PreprocessFilter::close);
    }
}
