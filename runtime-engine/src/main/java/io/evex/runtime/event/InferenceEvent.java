package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/** Builds {@code inference} v2 ({@code schemas/inference/v2.schema.json}): an AI server's answer to one frame. */
public final class InferenceEvent {

    public static final String TYPE = "inference";
    public static final int VERSION = 2;

    private InferenceEvent() {}

    /**
     * Adds the answer to {@code event} (started by the envelope).
     *
     * @param inferences the answer's inferences (boxes already on the frame)
     * @param url the server, without its query
     * @param opaque an answer that was not the contract's JSON, with its {@code contentType}; or null
     */
    public static ObjectNode fill(
            ObjectNode event,
            ArrayNode inferences,
            String url,
            int status,
            double roundTripMs,
            String format,
            int width,
            int height,
            String contentType,
            byte[] opaque) {
        event.set("inferences", inferences);
        ObjectNode call = event.putObject("extension");
        call.put("url", url).put("status", status).put("round_trip_ms", Numbers.cents(roundTripMs));
        call.put("format", format).put("width", width).put("height", height);
        if (opaque != null) {
            event.putObject("payload")
                    .put("content_type", contentType)
                    .put("data", Base64.getEncoder().encodeToString(opaque));
        }
        return event;
    }
}
