package io.evex.runtime.analysis.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The output layouts of the detectors people bring, as the {@code format} setting names them.
 * {@link DetectionLayout} recognises them from the output shapes when the setting is {@code auto}.
 */
public enum ModelFormat {
    /** Megvii's YOLOX: {@code [1, N, 5+C]}, raw grid offsets and log sizes per cell of strides 8, 16, 32. */
    YOLOX("yolox", "[1, N, 5+C] with N = the grid cells of strides 8, 16 and 32 (YOLOX)"),
    /** Ultralytics YOLOv5: {@code [1, N, 5+C]}: centre, size in input pixels, objectness, class scores. */
    YOLOV5("yolov5", "[1, N, 5+C] with N = 3 anchors x the grid cells (YOLOv5)"),
    /** Ultralytics YOLOv8 and YOLO11: {@code [1, 4+C, N]}: centre and size in pixels, class scores. */
    YOLOV8("yolov8", "[1, 4+C, N] (YOLOv8, YOLO11)"),
    /**
     * Models that give boxes and scores themselves (RT-DETR, D-FINE, YOLOv10, graphs with NMS
     * inside): {@code [1, N, 4]} boxes with {@code [1, N, C]} scores or {@code [1, N]} scores and
     * labels, or one {@code [1, N, 6]} output ({@code x1, y1, x2, y2, score, class}), or
     * one {@code [1, N, 4+C]} output (centre, size, scores: RT-DETR as Ultralytics exports it);
     * boxes in input pixels or normalised.
     */
    END2END(
            "end2end",
            "boxes [1, N, 4] + scores [1, N, C] (or scores [1, N] + labels [1, N]), [1, N, 6] detections or [1, N, 4+C] (end-to-end: RT-DETR, D-FINE, YOLOv10, NMS inside)");

    private final String key;
    private final String expected;

    ModelFormat(String key, String expected) {
        this.key = key;
        this.expected = expected;
    }

    /** The name in the {@code format} setting. */
    public String key() {
        return key;
    }

    /** What the layout's outputs look like, for messages. */
    public String expected() {
        return expected;
    }

    /** The format named {@code name} ({@code yolo11} is {@code yolov8}'s layout). */
    public static ModelFormat parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("yolo11") || n.equals("yolov11")) {
            return YOLOV8;
        }
        for (ModelFormat f : values()) {
            if (f.key.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("detector format is auto, "
                + Arrays.stream(values()).map(ModelFormat::key).collect(Collectors.joining(", "))
                + " or yolo11, not '" + name + "'");
    }

    /** Every layout's expected outputs, one per line, for the message refusing a model. */
    public static String allExpected() {
        return Arrays.stream(values())
                .map(f -> "  " + f.key + ": " + f.expected)
                .collect(Collectors.joining("\n"));
    }
}
