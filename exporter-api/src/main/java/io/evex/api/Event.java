package io.evex.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event, in the schema version negotiated for the exporter receiving it.
 *
 * <p>Instances are shared by every exporter that negotiated the same version, and so are the
 * tree and the bytes they return: treat both as read-only. The bytes are produced once, on the
 * first call from any exporter, and reused after that.
 */
public interface Event {

    /** The event type, the value of {@code "$id"}, e.g. {@code "track"}. */
    String type();

    /** The schema version of this view of the event, the value of {@code "$version"}. */
    int version();

    /** The unique id of the event ({@code "event_id"}), the same in every version. */
    String eventId();

    /** The channel the event belongs to ({@code "channel"}). */
    String channel();

    /** The event as a JSON tree. Read-only: never modify it. */
    ObjectNode json();

    /** The event as minified UTF-8 JSON, without a trailing separator. Read-only: never modify it. */
    byte[] bytes();
}
