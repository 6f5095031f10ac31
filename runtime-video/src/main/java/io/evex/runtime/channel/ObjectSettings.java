package io.evex.runtime.channel;

import io.evex.runtime.analysis.classify.ClassifySettings;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.Masks;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.Polygon;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.analysis.track.TrackerSettings;
import io.evex.runtime.extension.ExtensionSettings;
import java.util.List;

/**
 * A channel's objects: where they come from ({@code detector}: {@code onnx} = a YOLOX model, with
 * {@code onnx} its settings; {@code http} = an AI server, with {@code extension} its settings;
 * {@code motion} = moving regions as objects of class {@code motion}; {@code none} = no
 * tracking), how they are tracked, how often a
 * {@code track} event repeats, and the zones and lines that turn tracks into events.
 *
 * @param updateMs a tracked object's {@code track} event repeats at most this often...
 * @param moveShare ...unless its box moved more than this share of its size since the last one
 * @param crops pictures of the tracked objects ({@code crop}, {@code best-crop}, {@code attribute})
 * @param masks motion masks, object masks and per-class filters
 * @param classifiers second models run on the objects' pictures ({@code classify})
 */
public record ObjectSettings(
        String detector,
        DetectorSettings onnx,
        TrackerSettings tracker,
        long updateMs,
        double moveShare,
        List<ZoneSpec> zones,
        List<LineSpec> lines,
        CropSettings crops,
        ExtensionSettings extension,
        Masks masks,
        List<ClassifySettings> classifiers) {

    public static final ObjectSettings NONE = new ObjectSettings(
            "none",
            null,
            TrackerSettings.defaults(),
            1000,
            0.5,
            List.of(),
            List.of(),
            CropSettings.DEFAULTS,
            null,
            Masks.NONE,
            List.of());

    public ObjectSettings {
        zones = List.copyOf(zones);
        lines = List.copyOf(lines);
        masks = masks == null ? Masks.NONE : masks;
        classifiers = classifiers == null ? List.of() : List.copyOf(classifiers);
        if (!detector.equals("none")
                && !detector.equals("motion")
                && !detector.equals("onnx")
                && !detector.equals("http")) {
            throw new IllegalArgumentException(
                    "detector type must be onnx or motion (or none), not '" + detector + "'");
        }
        if (detector.equals("http") && extension == null) {
            throw new IllegalArgumentException("objects from an AI server need its http_extension settings");
        }
        if (detector.equals("onnx") && onnx == null) {
            throw new IllegalArgumentException("detector type onnx needs a model file");
        }
        if (updateMs < 0 || moveShare <= 0) {
            throw new IllegalArgumentException("tracker: update_ms >= 0 and move_share > 0");
        }
    }

    public boolean enabled() {
        return !detector.equals("none");
    }

    /** Every zone edge and every line as {@code x0,y0,x1,y1} segments, for drawing. */
    public float[] segments() {
        int n = lines.size();
        for (ZoneSpec z : zones) {
            n += z.polygon().xs().length;
        }
        float[] s = new float[n * 4];
        int at = 0;
        for (ZoneSpec z : zones) {
            double[] xs = z.polygon().xs();
            double[] ys = z.polygon().ys();
            for (int i = 0; i < xs.length; i++) {
                int j = (i + 1) % xs.length;
                s[at++] = (float) xs[i];
                s[at++] = (float) ys[i];
                s[at++] = (float) xs[j];
                s[at++] = (float) ys[j];
            }
        }
        for (LineSpec l : lines) {
            for (double v : l.points()) {
                s[at++] = (float) v;
            }
        }
        return s;
    }

    /**
     * The same with these zones and lines; a channel that tracked nothing tracks the motion
     * detector's regions once it has a rule.
     */
    public ObjectSettings withRules(List<ZoneSpec> newZones, List<LineSpec> newLines) {
        boolean ruled = !newZones.isEmpty() || !newLines.isEmpty();
        String from = detector.equals("none") && ruled ? "motion" : detector;
        return new ObjectSettings(
                from, onnx, tracker, updateMs, moveShare, newZones, newLines, crops, extension, masks, classifiers);
    }

    /** The same with other classifiers. */
    public ObjectSettings withClassifiers(List<ClassifySettings> list) {
        return new ObjectSettings(
                detector, onnx, tracker, updateMs, moveShare, zones, lines, crops, extension, masks, list);
    }

    /** The same with the zones, lines, masks and filters of {@code rules} (as the rules API replaces them). */
    public ObjectSettings withRules(ObjectSettings rules) {
        ObjectSettings ruled = withRules(rules.zones(), rules.lines());
        return new ObjectSettings(
                ruled.detector,
                onnx,
                tracker,
                updateMs,
                moveShare,
                ruled.zones,
                ruled.lines,
                crops,
                extension,
                rules.masks(),
                classifiers);
    }

    /** The same with other masks and filters. */
    public ObjectSettings withMasks(Masks newMasks) {
        return new ObjectSettings(
                detector, onnx, tracker, updateMs, moveShare, zones, lines, crops, extension, newMasks, classifiers);
    }

    /** The same, with objects from a YOLOX model (the command line's {@code --detector}). */
    public ObjectSettings withOnnx(DetectorSettings model) {
        return new ObjectSettings(
                "onnx", model, tracker, updateMs, moveShare, zones, lines, crops, null, masks, classifiers);
    }

    /** The same, with objects from an AI server (the command line's {@code --http-extension}). */
    public ObjectSettings withExtension(ExtensionSettings server) {
        return new ObjectSettings(
                "http", null, tracker, updateMs, moveShare, zones, lines, crops, server, masks, classifiers);
    }

    /** A zone as configured; {@link #rule()} makes a fresh one for a channel. */
    public record ZoneSpec(
            String name,
            Polygon polygon,
            ObjectFilter filter,
            int inertia,
            double loiteringSeconds,
            boolean intrusion,
            int occupancyMax) {

        public ZoneRule rule() {
            return new ZoneRule(name, polygon, filter, inertia, loiteringSeconds, intrusion, occupancyMax);
        }
    }

    /** A tripwire as configured: two points {@code ax, ay, bx, by}. */
    public record LineSpec(String name, double[] points, LineRule.Direction direction, ObjectFilter filter) {

        public LineRule rule() {
            return new LineRule(name, points[0], points[1], points[2], points[3], direction, filter);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LineSpec l
                    && name.equals(l.name)
                    && java.util.Arrays.equals(points, l.points)
                    && direction == l.direction
                    && java.util.Objects.equals(filter, l.filter);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, java.util.Arrays.hashCode(points), direction, filter);
        }
    }
}
