package io.evex.runtime.event;

import io.evex.api.Event;

/**
 * An {@link Event} whose envelope fields (type, version, id, channel) are read once when it is made,
 * so that routing, templates and headers never parse its body: events on the bus and events read
 * back from a spool.
 */
public abstract class EnvelopeEvent implements Event {

    private final String type;
    private final int version;
    private final String eventId;
    private final String channel;

    protected EnvelopeEvent(String type, int version, String eventId, String channel) {
        this.type = type;
        this.version = version;
        this.eventId = eventId;
        this.channel = channel;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final int version() {
        return version;
    }

    @Override
    public final String eventId() {
        return eventId;
    }

    @Override
    public final String channel() {
        return channel;
    }
}
