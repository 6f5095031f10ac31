package io.evex.runtime.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Durations;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.Mask;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.channel.ObjectSettings;
import java.util.TreeSet;

/**
 * A channel's zones, lines, masks and filters written back as the configuration writes them
 * ({@code {zones: [...], lines: [...], motion_masks: [...], object_masks: [...], object_filters: {...}}}).
 */
public final class RulesWriter {

    private RulesWriter() {}

    public static ObjectNode of(ObjectSettings objects) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode zones = out.putArray("zones");
        for (ObjectSettings.ZoneSpec z : objects.zones()) {
            ObjectNode o = zones.addObject().put("name", z.name());
            ArrayNode polygon = o.putArray("polygon");
            for (int i = 0; i < z.polygon().xs().length; i++) {
                polygon.addArray().add(z.polygon().xs()[i]).add(z.polygon().ys()[i]);
            }
            o.put("inertia", z.inertia())
                    .put("loitering", Durations.ofSeconds(z.loiteringSeconds()))
                    .put("intrusion", z.intrusion());
            if (z.occupancyMax() != ZoneRule.NO_OCCUPANCY) {
                o.put("occupancy_max", z.occupancyMax());
            }
            filter(o, z.filter());
        }
        ArrayNode lines = out.putArray("lines");
        for (ObjectSettings.LineSpec l : objects.lines()) {
            ObjectNode o = lines.addObject().put("name", l.name());
            double[] p = l.points();
            ArrayNode points = o.putArray("points");
            points.addArray().add(p[0]).add(p[1]);
            points.addArray().add(p[2]).add(p[3]);
            o.put("direction", direction(l.direction()));
            filter(o, l.filter());
        }
        masks(out.putArray("motion_masks"), objects.masks().motion());
        masks(out.putArray("object_masks"), objects.masks().objects());
        ObjectNode filters = out.putObject("object_filters");
        objects.masks().filters().forEach((cls, f) -> {
            ObjectNode o = filters.putObject(cls);
            bound(o, "min_area", f.minArea());
            bound(o, "max_area", f.maxArea());
            bound(o, "min_ratio", f.minRatio());
            bound(o, "max_ratio", f.maxRatio());
            bound(o, "min_score", f.minScore());
        });
        return out;
    }

    private static void masks(ArrayNode out, java.util.List<Mask> masks) {
        for (Mask m : masks) {
            ArrayNode polygon = out.addObject().put("name", m.name()).putArray("polygon");
            for (int i = 0; i < m.polygon().xs().length; i++) {
                polygon.addArray().add(m.polygon().xs()[i]).add(m.polygon().ys()[i]);
            }
        }
    }

    private static void bound(ObjectNode o, String key, double value) {
        if (value != 0) {
            o.put(key, value);
        }
    }

    private static String direction(LineRule.Direction d) {
        return switch (d) {
            case BOTH -> "both";
            case A_B -> "a-b";
            case B_A -> "b-a";
        };
    }

    private static void filter(ObjectNode o, ObjectFilter f) {
        if (!f.classes().isEmpty()) {
            ArrayNode classes = o.putArray("classes");
            new TreeSet<>(f.classes()).forEach(classes::add);
        }
        o.put("min_confidence", f.minConfidence()).put("min_size", f.minSize());
    }
}
