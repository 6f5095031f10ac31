package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a producer of events (a channel's analysis, the synthetic source, the HTTP API, a
 * preprocess filter) hands each event it made: the bus, a filter in front of it, or a test's list.
 * The receiver owns the event from then on; the producer must not change it afterwards.
 */
@FunctionalInterface
public interface EventSink {

    /** Takes one event (an envelope with its body); never blocks for long, never throws for a bad event. */
    void accept(ObjectNode event);
}
