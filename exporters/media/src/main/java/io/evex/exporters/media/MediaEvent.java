package io.evex.exporters.media;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a media path template is rendered against: {@code {obj.channel}}, {@code {obj.frame_id}},
 * {@code {obj.frame_time}}, {@code {obj.system_timestamp}}, {@code {obj.width}}, {@code {obj.height}}.
 */
public final class MediaEvent implements Event {

    private final ObjectNode json;

    public MediaEvent(String channel, long frameId, double frameTime, long epochMillis, int width, int height) {
        json = JsonNodeFactory.instance.objectNode();
        json.put("$id", "media")
                .put("$version", 1)
                .put("event_id", channel + "-" + frameId)
                .put("channel", channel);
        json.put("frame_id", frameId).put("frame_time", frameTime).put("system_timestamp", epochMillis);
        json.put("system_date", Instant.ofEpochMilli(epochMillis).toString())
                .put("width", width)
                .put("height", height);
    }

    @Override
    public String type() {
        return "media";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String eventId() {
        return json.get("event_id").asText();
    }

    @Override
    public String channel() {
        return json.get("channel").asText();
    }

    @Override
    public ObjectNode json() {
        return json;
    }

    @Override
    public byte[] bytes() {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
