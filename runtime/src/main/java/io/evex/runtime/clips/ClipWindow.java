package io.evex.runtime.clips;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.ClipSettings;
import io.evex.runtime.video.VideoFrame;

/**
 * A clip being gathered: from {@code pre} before its first event to {@code post} after its last,
 * events that fall in it (or within {@code pre} of its end) making it longer, up to
 * {@code max_length}. Holds the first event's frame for the snapshot (a reference, not a copy).
 */
final class ClipWindow {

    final String channel;
    final ClipSettings settings;
    final long fromMillis;
    long toMillis;
    final long firstFrameId;
    final double firstFrameTime;
    final ArrayNode events = JsonNodeFactory.instance.arrayNode();
    VideoFrame frame;

    ClipWindow(String channel, ClipSettings settings, ObjectNode first, long at, VideoFrame frame) {
        this.channel = channel;
        this.settings = settings;
        this.fromMillis = at - settings.pre().toMillis();
        this.toMillis = at + settings.post().toMillis();
        this.firstFrameId = first.path("frame_id").asLong();
        this.firstFrameTime = first.path("frame_time").asDouble();
        this.frame = frame;
        add(first, at);
    }

    /** Whether an event at {@code at} joins this clip rather than starting the next one. */
    boolean takes(long at) {
        long end = Math.max(toMillis, at + settings.post().toMillis());
        return at - settings.pre().toMillis() <= toMillis
                && end - fromMillis <= settings.maxLength().toMillis();
    }

    /** The event joins: the clip goes on {@code post} after it. */
    void add(ObjectNode event, long at) {
        toMillis = Math.max(toMillis, at + settings.post().toMillis());
        ObjectNode ref = events.addObject()
                .put("event_id", event.path("event_id").asText())
                .put("type", event.path("$id").asText())
                .put("system_timestamp", at);
        String className = event.path("object")
                .path("class")
                .asText(event.path("object_class").asText(null));
        if (className != null) {
            ref.put("class", className);
        }
    }

    /** Lets go of the snapshot's frame. */
    void release() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}
