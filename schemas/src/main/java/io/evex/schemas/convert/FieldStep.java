package io.evex.schemas.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A version step that only adds or drops fields: going up, each added field is copied from a field
 * the older version has (e.g. {@code zone} from {@code area_id}) or set to a constant; going down,
 * the added fields are removed. Used where a newer layout names something the older one already had.
 */
final class FieldStep implements EventConverter {

    /** A field of the newer version and where its value comes from in the older one. */
    record Field(String name, String copiedFrom, String constant) {}

    private final String type;
    private final int from;
    private final int to;
    private final List<Field> fields;

    FieldStep(String type, int from, int to, List<Field> fields) {
        this.type = type;
        this.from = from;
        this.to = to;
        this.fields = fields;
    }

    /** Both directions between {@code older} and {@code older + 1}. */
    static List<EventConverter> both(String type, int older, Field... added) {
        return List.of(
                new FieldStep(type, older, older + 1, List.of(added)),
                new FieldStep(type, older + 1, older, List.of(added)));
    }

    static Field copy(String name, String from) {
        return new Field(name, from, null);
    }

    /** A field the older version has no source for: absent going up, dropped going down. */
    static Field optional(String name) {
        return new Field(name, null, null);
    }

    static Field constant(String name, String value) {
        return new Field(name, null, value);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int from() {
        return from;
    }

    @Override
    public int to() {
        return to;
    }

    @Override
    public ObjectNode convert(ObjectNode event) {
        ObjectNode out = event.deepCopy();
        out.put("$version", to);
        for (Field f : fields) {
            if (to < from) {
                out.remove(f.name());
            } else if (f.copiedFrom() != null) {
                JsonNode value = event.get(f.copiedFrom());
                if (value != null) {
                    out.set(f.name(), value);
                }
            } else if (f.constant() != null) {
                out.put(f.name(), f.constant());
            }
        }
        return out;
    }
}
