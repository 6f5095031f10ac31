package io.evex.schemas.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * track v2 → v1: the reverse of {@link TrackV1ToV2}. v1 has no place for {@code velocity} and
 * {@code object.attributes}: they are left out.
 */
final class TrackV2ToV1 implements EventConverter {

    @Override
    public String type() {
        return "track";
    }

    @Override
    public int from() {
        return 2;
    }

    @Override
    public int to() {
        return 1;
    }

    @Override
    public ObjectNode convert(ObjectNode v2) {
        ObjectNode v1 = v2.deepCopy();
        v1.put("$version", 1);
        v1.remove("velocity");
        JsonNode object = v1.remove("object");
        if (object != null) {
            v1.set("object_class", object.get("class"));
            if (object.has("confidence")) {
                v1.set("confidence", object.get("confidence"));
            }
        }
        JsonNode box = v1.remove("box");
        if (box != null) {
            ObjectNode location = v1.putObject("location");
            location.set("x", box.get("l"));
            location.set("y", box.get("t"));
            location.set("width", box.get("w"));
            location.set("height", box.get("h"));
        }
        return v1;
    }
}
