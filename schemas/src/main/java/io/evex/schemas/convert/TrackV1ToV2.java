package io.evex.schemas.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * track v1 → v2: {@code object_class} and {@code confidence} move into {@code object},
 * {@code location {x, y, width, height}} becomes {@code box {l, t, w, h}}. Nothing is lost.
 */
final class TrackV1ToV2 implements EventConverter {

    @Override
    public String type() {
        return "track";
    }

    @Override
    public int from() {
        return 1;
    }

    @Override
    public int to() {
        return 2;
    }

    @Override
    public ObjectNode convert(ObjectNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("$version", 2);
        ObjectNode object = v2.objectNode();
        JsonNode cls = v2.remove("object_class");
        if (cls != null) {
            object.set("class", cls);
        }
        JsonNode confidence = v2.remove("confidence");
        if (confidence != null) {
            object.set("confidence", confidence);
        }
        v2.set("object", object);
        JsonNode location = v2.remove("location");
        if (location != null) {
            ObjectNode box = v2.putObject("box");
            box.set("l", location.get("x"));
            box.set("t", location.get("y"));
            box.set("w", location.get("width"));
            box.set("h", location.get("height"));
        }
        return v2;
    }
}
