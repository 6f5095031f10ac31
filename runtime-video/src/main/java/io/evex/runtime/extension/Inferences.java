package io.evex.runtime.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.evex.runtime.analysis.Detection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An AI server's answer read as the LVA contract says: a JSON object with an {@code inferences}
 * list. Boxes are mapped from the picture sent back to the frame (a padded picture has borders the
 * frame does not) and clamped to it; {@code entity} inferences become detections (class = the tag's
 * value). An answer that is not the contract's JSON is kept whole, as an opaque payload.
 */
public record Inferences(ArrayNode list, List<Detection> entities, String contentType, byte[] opaque) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isOpaque() {
        return opaque != null;
    }

    /**
     * Reads {@code body}; {@code layout} is {@link ExtensionSettings#layout}'s answer for the frame
     * ({@code {width, height, x, y, innerWidth, innerHeight}} of the picture sent).
     */
    public static Inferences read(String contentType, byte[] body, int[] layout) {
        JsonNode root = null;
        if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                root = null;
            }
        }
        if (root == null || !root.path("inferences").isArray()) {
            return new Inferences(JSON.createArrayNode(), List.of(), contentType == null ? "" : contentType, body);
        }
        ArrayNode list = JSON.createArrayNode();
        List<Detection> entities = new ArrayList<>();
        for (JsonNode inference : root.get("inferences")) {
            if (!inference.isObject() || !inference.path("type").isTextual()) {
                continue; // not the contract's: dropped rather than passed on invalid
            }
            com.fasterxml.jackson.databind.node.ObjectNode copy = inference.deepCopy();
            for (String kind : List.of("entity", "motion")) {
                JsonNode box = copy.path(kind).path("box");
                if (box.isObject()) {
                    double[] b = toFrame(box, layout);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) box)
                            .put("l", round(b[0]))
                            .put("t", round(b[1]))
                            .put("w", round(b[2]))
                            .put("h", round(b[3]));
                    if (kind.equals("entity") && b[2] > 0 && b[3] > 0) {
                        JsonNode tag = copy.path("entity").path("tag");
                        double confidence =
                                Math.max(0, Math.min(1, tag.path("confidence").asDouble(1)));
                        entities.add(new Detection(
                                b[0], b[1], b[2], b[3], tag.path("value").asText("object"), confidence));
                    }
                }
            }
            list.add(copy);
        }
        return new Inferences(list, entities, contentType, null);
    }

    /** A box on the picture sent, as {@code l, t, w, h} on the frame, clamped to it. */
    static double[] toFrame(JsonNode box, int[] layout) {
        double sx = (double) layout[0] / layout[4];
        double sy = (double) layout[1] / layout[5];
        double ox = (double) layout[2] / layout[4];
        double oy = (double) layout[3] / layout[5];
        double l = box.path("l").asDouble() * sx - ox;
        double t = box.path("t").asDouble() * sy - oy;
        double r = l + box.path("w").asDouble() * sx;
        double b = t + box.path("h").asDouble() * sy;
        l = clamp(l);
        t = clamp(t);
        return new double[] {l, t, Math.max(0, clamp(r) - l), Math.max(0, clamp(b) - t)};
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
