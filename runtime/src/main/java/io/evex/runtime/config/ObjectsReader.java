package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.analysis.classify.Classifier;
import io.evex.runtime.analysis.classify.ClassifySettings;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.ModelSettings;
import io.evex.runtime.analysis.detect.SharedDetectors;
import io.evex.runtime.analysis.rules.ClassFilter;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.Mask;
import io.evex.runtime.analysis.rules.Masks;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.Polygon;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.analysis.track.TrackerSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.extension.ExtensionSettings;
import io.evex.runtime.vocabulary.DurationKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a channel's {@code detector}, {@code tracker}, {@code zones} and {@code lines}. Zones or
 * lines without a {@code detector} track the motion detector's regions.
 */
final class ObjectsReader {

    private ObjectsReader() {}

    /**
     * The {@code onnx} detector's block; the model path (and {@code classes_file}) are relative to
     * the configuration's folder. The model is opened once here, so a file that does not load or
     * whose outputs fit no known layout is refused with the configuration, not at the first frame.
     */
    static DetectorSettings onnx(JsonNode d, Path base) {
        String file = d.path("model").asText("");
        if (file.isEmpty()) {
            throw new IllegalArgumentException("detector type onnx needs a model file (model: path/to/model.onnx)");
        }
        Path model = base.resolve(file).normalize();
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("detector model " + model + " does not exist");
        }
        DetectorSettings def = DetectorSettings.of(model);
        ModelSettings m = def.model();
        Set<String> classes = new HashSet<>();
        d.path("classes").forEach(c -> classes.add(c.asText()));
        JsonNode size = d.path("input_size");
        int width = size.isArray() ? size.path(0).asInt(0) : size.asInt(0);
        int height = size.isArray() ? size.path(1).asInt(0) : width;
        DetectorSettings settings = new DetectorSettings(
                new ModelSettings(
                        model,
                        d.path("format").asText(m.format()),
                        width,
                        height,
                        d.path("input_pixel_format").asText(m.pixelFormat()),
                        d.path("input_range").asDouble(m.range()),
                        numbers(d.path("mean")),
                        numbers(d.path("std")),
                        d.path("resize").asText(m.resize()),
                        names(d, base, "class_names", "classes_file"),
                        d.path("threads").asInt(m.threads()),
                        d.path("workers").asInt(m.workers()),
                        d.path("batch").asInt(m.batch())),
                classes,
                d.path("confidence").asDouble(def.confidence()),
                d.path("nms_iou").asDouble(def.nmsIou()),
                d.path("fps").asDouble(def.fps()),
                d.path("max_objects").asInt(def.maxObjects()));
        try {
            SharedDetectors.inspect(settings);
        } catch (DetectorException e) {
            throw new IllegalArgumentException("detector: " + e.getMessage());
        }
        return settings;
    }

    private static List<Double> numbers(JsonNode list) {
        List<Double> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    /** Names given as a list ({@code class_names}), or in a file, one per line ({@code classes_file}); empty = the model's. */
    private static List<String> names(JsonNode d, Path base, String listKey, String fileKey) {
        List<String> names = new ArrayList<>();
        d.path(listKey).forEach(n -> names.add(n.asText()));
        String file = d.path(fileKey).asText("");
        if (!file.isEmpty()) {
            Path path = base.resolve(file).normalize();
            try {
                Files.readAllLines(path).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .forEach(names::add);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(
                        "detector classes_file " + path + " cannot be read: " + e.getMessage());
            }
        }
        return names;
    }

    static ObjectSettings read(JsonNode channel, Path base) {
        JsonNode zones = channel.path("zones");
        JsonNode lines = channel.path("lines");
        JsonNode detector = channel.path("detector");
        JsonNode server = channel.path("http_extension");
        boolean tracked = !detector.isMissingNode() || zones.size() > 0 || lines.size() > 0 || !server.isMissingNode();
        Masks masks = masks(channel);
        if (!tracked) {
            if (channel.path("classify").size() > 0) {
                throw new IllegalArgumentException(
                        "classify reads the pictures of tracked objects: give the channel a detector (or zones or lines)");
            }
            return masks.equals(Masks.NONE) ? ObjectSettings.NONE : ObjectSettings.NONE.withMasks(masks);
        }
        ObjectSettings n = ObjectSettings.NONE;
        JsonNode t = channel.path("tracker");
        Set<String> names = new HashSet<>();
        List<ObjectSettings.ZoneSpec> zoneSpecs = zones(zones, names);
        List<ObjectSettings.LineSpec> lineSpecs = lines(lines, names);
        String type = detector.path("type").asText("motion");
        ExtensionSettings extension = null;
        if (!server.isMissingNode()) {
            if (type.equals("onnx")) {
                throw new IllegalArgumentException(
                        "a channel takes its objects from one place: http_extension or detector onnx, not both");
            }
            extension = extension(server);
            type = "http";
        }
        return new ObjectSettings(
                type,
                type.equals("onnx") ? onnx(detector, base) : null,
                tracker(t),
                DurationKeys.millis(t, "update_interval", n.updateMs()),
                t.path("move_share").asDouble(n.moveShare()),
                zoneSpecs,
                lineSpecs,
                crops(channel.path("crops")),
                extension,
                masks,
                classifiers(channel.path("classify"), base));
    }

    /**
     * The {@code classify} list: each classifier's model is opened once here (as for the detector),
     * so a file that does not load or whose labels do not match its outputs is refused with the
     * configuration.
     */
    private static List<ClassifySettings> classifiers(JsonNode list, Path base) {
        List<ClassifySettings> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String name = unique(c, names, "classify/" + i);
            String file = c.path("model").asText("");
            Path model = base.resolve(file).normalize();
            if (file.isEmpty() || !Files.isRegularFile(model)) {
                throw new IllegalArgumentException(
                        "classify '" + name + "': model " + (file.isEmpty() ? "is needed" : model + " does not exist"));
            }
            JsonNode size = c.path("input_size");
            int width = size.isArray() ? size.path(0).asInt(0) : size.asInt(0);
            ModelSettings m = new ModelSettings(
                    model,
                    "auto",
                    width,
                    size.isArray() ? size.path(1).asInt(0) : width,
                    c.path("input_pixel_format").asText("auto"),
                    c.path("input_range").asDouble(0),
                    numbers(c.path("mean")),
                    numbers(c.path("std")),
                    "auto",
                    names(c, base, "labels", "labels_file"),
                    c.path("threads").asInt(1),
                    1,
                    1);
            Set<String> classes = new HashSet<>();
            c.path("classes").forEach(x -> classes.add(x.asText()));
            ClassifySettings settings = new ClassifySettings(
                    name,
                    m,
                    classes,
                    DurationKeys.millis(c, "every", 1000),
                    c.path("min_confidence").asDouble(0));
            try (Classifier opened = new Classifier(settings)) {
                all.add(settings);
            } catch (DetectorException e) {
                throw new IllegalArgumentException("classify '" + name + "': " + e.getMessage());
            }
        }
        return all;
    }

    /** {@code motion_masks}, {@code object_masks} and {@code object_filters}; mask names are unique per kind. */
    private static Masks masks(JsonNode channel) {
        Map<String, ClassFilter> filters = new LinkedHashMap<>();
        channel.path("object_filters").fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            try {
                filters.put(
                        f.getKey(),
                        new ClassFilter(
                                v.path("min_area").asDouble(0),
                                v.path("max_area").asDouble(0),
                                v.path("min_ratio").asDouble(0),
                                v.path("max_ratio").asDouble(0),
                                v.path("min_score").asDouble(0)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("object_filters." + f.getKey() + ": " + e.getMessage());
            }
        });
        return new Masks(
                maskList(channel.path("motion_masks"), "motion_masks"),
                maskList(channel.path("object_masks"), "object_masks"),
                filters);
    }

    private static List<Mask> maskList(JsonNode list, String key) {
        List<Mask> masks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String name = unique(list.get(i), names, key + "/" + i);
            try {
                masks.add(new Mask(name, Polygon.of(points(list.get(i).path("polygon")))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " '" + name + "': " + e.getMessage());
            }
        }
        return masks;
    }

    private static TrackerSettings tracker(JsonNode t) {
        TrackerSettings d = TrackerSettings.defaults();
        return new TrackerSettings(
                t.path("high_confidence").asDouble(d.highConfidence()),
                t.path("low_confidence").asDouble(d.lowConfidence()),
                t.path("first_pass_iou").asDouble(d.firstPassIou()),
                t.path("second_pass_iou").asDouble(d.secondPassIou()),
                t.path("birth_hits").asInt(d.birthHits()),
                t.path("max_missed").asInt(d.maxMissed()));
    }

    /** The zones, each named once among the channel's zones and lines ({@code names}). */
    private static List<ObjectSettings.ZoneSpec> zones(JsonNode zones, Set<String> names) {
        List<ObjectSettings.ZoneSpec> specs = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            JsonNode z = zones.get(i);
            String name = unique(z, names, "zones/" + i);
            try {
                specs.add(new ObjectSettings.ZoneSpec(
                        name,
                        Polygon.of(points(z.path("polygon"))),
                        filter(z),
                        z.path("inertia").asInt(3),
                        DurationKeys.seconds(z, "loitering", 0),
                        z.path("intrusion").asBoolean(false),
                        z.path("occupancy_max").asInt(ZoneRule.NO_OCCUPANCY)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("zone '" + name + "': " + e.getMessage());
            }
        }
        return specs;
    }

    private static List<ObjectSettings.LineSpec> lines(JsonNode lines, Set<String> names) {
        List<ObjectSettings.LineSpec> specs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            String name = unique(l, names, "lines/" + i);
            try {
                List<double[]> ab = points(l.path("points"));
                if (ab.size() != 2) {
                    throw new IllegalArgumentException("a line has two points, got " + ab.size());
                }
                double[] points = {ab.get(0)[0], ab.get(0)[1], ab.get(1)[0], ab.get(1)[1]};
                LineRule.Direction direction =
                        LineRule.Direction.parse(l.path("direction").asText("both"));
                ObjectSettings.LineSpec spec = new ObjectSettings.LineSpec(name, points, direction, filter(l));
                spec.rule(); // checks the points now, with the line's name in the message
                specs.add(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line '" + name + "': " + e.getMessage());
            }
        }
        return specs;
    }

    /** The {@code http_extension} block; header values named in {@code headers_env} come from the environment. */
    static ExtensionSettings extension(JsonNode e) {
        ExtensionSettings d = ExtensionSettings.of(java.net.URI.create("http://localhost/"));
        String url = e.path("url").asText("");
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("http_extension: url '" + url + "' is not a URL: " + ex.getMessage());
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        e.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        e.path("headers_env").fields().forEachRemaining(h -> {
            String value = System.getenv(h.getValue().asText());
            if (value == null) {
                throw new IllegalArgumentException("http_extension: header " + h.getKey()
                        + " comes from the environment variable " + h.getValue().asText() + ", which is not set");
            }
            headers.put(h.getKey(), value);
        });
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        e.path("query")
                .fields()
                .forEachRemaining(q -> query.put(q.getKey(), q.getValue().asText()));
        return new ExtensionSettings(
                uri,
                e.path("format").asText(d.format()),
                e.path("width").asInt(0),
                e.path("height").asInt(0),
                e.path("mode").asText(d.mode()),
                e.path("fps").asDouble(d.fps()),
                e.path("only_with_motion").asBoolean(false),
                e.path("max_in_flight").asInt(d.maxInFlight()),
                DurationKeys.millis(e, "timeout", d.timeoutMs()),
                headers,
                query);
    }

    private static CropSettings crops(JsonNode c) {
        CropSettings d = CropSettings.DEFAULTS;
        if (c.isBoolean()) {
            return c.asBoolean() ? d : CropSettings.OFF;
        }
        return new CropSettings(
                DurationKeys.millis(c, "every", d.everyMs()),
                c.path("best").asBoolean(d.best()),
                c.path("attributes").asBoolean(d.attributes()),
                c.path("quality").asInt(d.quality()),
                c.path("max_side").asInt(d.maxSide()));
    }

    private static String unique(JsonNode rule, Set<String> names, String where) {
        String name = rule.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(where + ": a name is needed (events name the zone or line)");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException(where + ": the name '" + name + "' is used twice in this channel");
        }
        return name;
    }

    private static ObjectFilter filter(JsonNode rule) {
        Set<String> classes = new HashSet<>();
        rule.path("classes").forEach(c -> classes.add(c.asText()));
        return new ObjectFilter(
                classes,
                rule.path("min_confidence").asDouble(0),
                rule.path("min_size").asDouble(0));
    }

    private static List<double[]> points(JsonNode list) {
        List<double[]> points = new ArrayList<>();
        list.forEach(
                p -> points.add(new double[] {p.path(0).asDouble(-1), p.path(1).asDouble(-1)}));
        return points;
    }
}
