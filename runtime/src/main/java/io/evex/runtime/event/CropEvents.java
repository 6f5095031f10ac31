package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.crop.Colour;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.Cut;
import java.util.Base64;

/**
 * Builds {@code crop} and {@code best-crop} v1 (an object's picture, JPEG in base64, with the
 * object it shows) and {@code attribute} v1 (what was read from the picture: the dominant colour);
 * schemas under {@code schemas/}.
 */
public final class CropEvents {

    public static final String CROP = "crop";
    public static final String BEST_CROP = "best-crop";
    public static final String ATTRIBUTE = "attribute";
    public static final int VERSION = 1;

    private CropEvents() {}

    /** A {@code crop} or {@code best-crop}: the object, where it was, and its picture. */
    public static ObjectNode picture(ObjectNode event, Cut cut) {
        CropJob job = cut.job();
        object(event, job);
        ObjectNode location = event.putObject("location");
        double x = Numbers.share(job.l());
        double y = Numbers.share(job.t());
        location.put("x", x).put("y", y);
        location.put("width", Numbers.share(Math.min(job.w(), 1 - x)));
        location.put("height", Numbers.share(Math.min(job.h(), 1 - y)));
        if (job.best()) {
            event.put("score", Numbers.tenThousandths(job.score()));
        }
        ObjectNode image = event.putObject("image");
        image.put("format", "jpeg").put("width", cut.width()).put("height", cut.height());
        image.put("data", Base64.getEncoder().encodeToString(cut.jpeg()));
        return event;
    }

    /** An {@code attribute}: the object's dominant colour, by name (with its share) and as {@code #rrggbb}. */
    public static ObjectNode colour(ObjectNode event, CropJob job, Colour colour) {
        object(event, job);
        ArrayNode attributes = event.putArray("attributes");
        attributes.addObject().put("name", "color").put("value", colour.name()).put("confidence", colour.share());
        attributes.addObject().put("name", "color_rgb").put("value", colour.hex());
        return event;
    }

    private static void object(ObjectNode event, CropJob job) {
        event.put("ref_tracking_id", job.trackingId());
        event.put("object_class", job.label()).put("confidence", Numbers.share(job.confidence()));
    }
}
