package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds {@code event-motion} v1 ({@code schemas/event-motion/v1.schema.json}). */
public final class MotionEvent {

    public static final String TYPE = "event-motion";
    public static final int VERSION = 1;

    private MotionEvent() {}

    /**
     * Adds the fields of an {@code event-motion} to {@code event} (started by the envelope).
     *
     * @param ratio the share of the image that changed
     * @param boxes the moving regions as {@code l,t,w,h} quadruples normalised to 0..1 (LVA's box form)
     */
    public static ObjectNode fill(ObjectNode event, double ratio, float[] boxes) {
        event.put("motion_ratio", Numbers.share(ratio));
        ArrayNode list = event.putArray("regions");
        for (int i = 0; i + 3 < boxes.length; i += 4) {
            ObjectNode box = list.addObject().putObject("box");
            box.put("l", Numbers.share(boxes[i]));
            box.put("t", Numbers.share(boxes[i + 1]));
            box.put("w", Numbers.share(boxes[i + 2]));
            box.put("h", Numbers.share(boxes[i + 3]));
        }
        return event;
    }
}
