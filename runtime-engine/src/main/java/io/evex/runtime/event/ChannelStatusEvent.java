package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds {@code channel-status} v1 ({@code schemas/channel-status/v1.schema.json}). */
public final class ChannelStatusEvent {

    public static final String TYPE = "channel-status";
    public static final int VERSION = 1;

    private ChannelStatusEvent() {}

    /**
     * Adds the fields of a {@code channel-status} event to {@code event}.
     *
     * @param status online, offline, reconnecting or error
     * @param reason why, in words (credentials already removed)
     * @param attempt the reconnect attempt, or a negative number when not reconnecting
     */
    public static ObjectNode fill(ObjectNode event, String status, String reason, int attempt) {
        event.put("status", status);
        event.put("reason", reason);
        if (attempt >= 0) {
            event.put("attempt", attempt);
        }
        return event;
    }
}
