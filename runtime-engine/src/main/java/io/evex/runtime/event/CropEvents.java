package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * Builds {@code crop} and {@code best-crop} v1 (an object's picture, JPEG in base64, with the
 * object it shows) and {@code attribute} v1 (what was read from the picture: the dominant colour,
 * or a classifier's answer);
 * schemas under {@code schemas/}.
 */
public final class CropEvents {

    public static final String CROP = "crop";
    public static final String BEST_CROP = "best-crop";
    public static final String ATTRIBUTE = "attribute";
    public static final int VERSION = 1;

    private CropEvents() {}

    /**
     * A {@code crop} or {@code best-crop}: the object, where it was ({@code l, t, w, h}), and its
     * picture; {@code score} is written for a {@code best-crop}.
     */
    public static ObjectNode picture(
            ObjectNode event,
            String trackingId,
            String label,
            double confidence,
            double[] box,
            double score,
            byte[] jpeg,
            int width,
            int height) {
        object(event, trackingId, label, confidence);
        ObjectNode location = event.putObject("location");
        double x = Numbers.share(box[0]);
        double y = Numbers.share(box[1]);
        location.put("x", x).put("y", y);
        location.put("width", Numbers.share(Math.min(box[2], 1 - x)));
        location.put("height", Numbers.share(Math.min(box[3], 1 - y)));
        if (BEST_CROP.equals(event.path("$id").asText())) {
            event.put("score", Numbers.tenThousandths(score));
        }
        ObjectNode image = event.putObject("image");
        image.put("format", "jpeg").put("width", width).put("height", height);
        image.put("data", Base64.getEncoder().encodeToString(jpeg));
        return event;
    }

    /**
     * An {@code attribute}: the object's dominant colour by name, with the share of the object it
     * covers, and as {@code #rrggbb}.
     */
    public static ObjectNode colour(
            ObjectNode event,
            String trackingId,
            String label,
            double confidence,
            String name,
            double share,
            String hex) {
        object(event, trackingId, label, confidence);
        ArrayNode attributes = event.putArray("attributes");
        attributes.addObject().put("name", "color").put("value", name).put("confidence", share);
        attributes.addObject().put("name", "color_rgb").put("value", hex);
        return event;
    }

    /** An {@code attribute} from a classifier: its name, the label it gave and its probability. */
    public static ObjectNode classified(
            ObjectNode event,
            String trackingId,
            String label,
            double confidence,
            String name,
            String value,
            double probability) {
        object(event, trackingId, label, confidence);
        event.putArray("attributes")
                .addObject()
                .put("name", name)
                .put("value", value)
                .put("confidence", Numbers.share(probability));
        return event;
    }

    private static void object(ObjectNode event, String trackingId, String label, double confidence) {
        event.put("ref_tracking_id", trackingId);
        event.put("object_class", label).put("confidence", Numbers.share(confidence));
    }
}
