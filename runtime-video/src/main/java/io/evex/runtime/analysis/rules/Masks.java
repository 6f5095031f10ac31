package io.evex.runtime.analysis.rules;

import io.evex.runtime.analysis.Detection;
import java.util.List;
import java.util.Map;

/**
 * A channel's masks and filters: polygons where motion is ignored, polygons where an object whose
 * box's bottom centre (where it stands) lies is dropped, and per-class filters.
 */
public record Masks(List<Mask> motion, List<Mask> objects, Map<String, ClassFilter> filters) {

    public static final Masks NONE = new Masks(List.of(), List.of(), Map.of());

    public Masks {
        motion = List.copyOf(motion);
        objects = List.copyOf(objects);
        filters = Map.copyOf(filters);
    }

    /** Whether objects are masked or filtered at all (a stage is needed). */
    public boolean filtersObjects() {
        return !objects.isEmpty() || !filters.isEmpty();
    }

    /** The object mask {@code d} stands in, or null. */
    public Mask maskOf(Detection d) {
        double x = d.l() + d.w() / 2;
        double y = Math.min(1, d.t() + d.h());
        for (Mask m : objects) {
            if (m.polygon().contains(x, y)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the filter of {@code d}'s class (if any) keeps it, in a {@code width x height} frame. */
    public boolean keeps(Detection d, int width, int height) {
        ClassFilter f = filters.get(d.label());
        return f == null || f.keeps(d, width, height);
    }
}
